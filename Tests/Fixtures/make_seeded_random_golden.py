"""Golden values of ganfilter's SeededGenerator from an independent implementation of its published
algorithms: SplitMix64 seeding (Steele, Lea and Flood) and xoshiro256** (Blackman and Vigna, 2018).

    python3 Tests/Fixtures/make_seeded_random_golden.py   # prints the values in Tests/SeededRandomTests
"""
M = (1 << 64) - 1


def splitmix(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        yield z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


def xoshiro(seed):
    mix = splitmix(seed)
    s = [next(mix) for _ in range(4)]
    while True:
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


for seed in (0, 42):
    g = xoshiro(seed)
    print(seed, [hex(next(g)) for _ in range(4)])
stream = (42 ^ (((3 + 1) * 0xD1B54A32D192ED03) & M))
g = xoshiro(stream)
print("seed 42 stream 3", [hex(next(g)) for _ in range(2)])
