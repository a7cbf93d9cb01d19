print("pwguard: not yet")
