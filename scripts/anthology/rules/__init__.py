"""What is valid, before any file is read.

In: nothing but values. Out: the limits (`limits`), the characters that are not text (`text`),
addresses, ids and slugs (`addresses`), the pydantic models of front matter and registries with
their messages, published as JSON Schema for the essay form (`schema`), and `Problem`, how every
stage reports what is wrong (`problems`).
"""
