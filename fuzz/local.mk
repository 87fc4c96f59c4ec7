# libFuzzer harnesses and the corpus replay driver
