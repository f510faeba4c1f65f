STATES = [
    ('a', 'Alpha'),
    ('b', 'Beta'),
]
