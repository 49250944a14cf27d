"""contributing"""
