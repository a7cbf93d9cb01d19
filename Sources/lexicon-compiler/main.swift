print("lexicon-compiler: not yet")
