"""Security and reliability tests: headers, CSRF, throttling, API fuzzing, faults, bad input, escaping."""
