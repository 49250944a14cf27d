"""What the tests know about the five founding essays (from tests/fixtures/seeds/FACTS.md)."""

# seed file -> essay slug
SEED_ESSAYS = {
    "000_84d3ea302a66a127.txt": "this-is-my-jam",
    "001_c7ba7e7f99589bed.txt": "six-reasons-to-keep-coming-back",
    "002_9901f7764288f922.txt": "how-i-discovered-my-fascination-for-support",
    "003_2eef02aa970bb644.txt": "support-the-movie",
    "004_e308505e7e69966a.txt": "what-does-a-career-in-support-look-like",
}

# One sentence from each essay that no other page contains.
DISTINCTIVE = {
    "this-is-my-jam": "For me that’s problem solving; problem solving is my jam.",
    "six-reasons-to-keep-coming-back": "Going out to a restaurant is a whole new experience once you’ve jumped into the Customer Care industry.",
    "how-i-discovered-my-fascination-for-support": "Having to reach out to support is like taking a long haul flight.",
    "support-the-movie": "I still remember shouting at Dell support people for hours once, and never making an iota of progress with my complaint.",
    "what-does-a-career-in-support-look-like": "My mom says I’m a programmer.",
}

# Blog noise found in the seeds: none of it may reach a reader.
NOISE = [
    "Leave a Reply",
    "You are commenting using your",
    "Fill in your details below or click an icon to log in",
    "Log Out / Change",
    "Connecting to %s",
    "Twitter picture",
    "Facebook photo",
    "Google+ photo",
    "Share with your friends!",
    "Share on X",
    "Table of Contents",
    "Get Even More Visitors To Your Blog",
    "Upgrade To A Business Listing",
    "Subscribe to Minimalist Musings",
    "Get updates delivered right to your inbox!",
    "Thank you for your subscription",
    "Share the post",
    "please read the originial post",
]

# Lines of each seed that are noise, not essay (removed by the editors).
NOISE_LINES = {
    "000_84d3ea302a66a127.txt": ["This is my jam"],  # the title, kept as front matter
    "001_c7ba7e7f99589bed.txt": ["What brings us back to the office every day?", "By Sarah Wetzel", "Share with your friends!"],
    "002_9901f7764288f922.txt": ["How I discovered my fascination for support"],
    "003_2eef02aa970bb644.txt": ["Table of Contents"],
    "004_e308505e7e69966a.txt": ["What does a career in support look like?"],
}
