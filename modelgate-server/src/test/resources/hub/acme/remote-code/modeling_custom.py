import os

class CustomModel:
    pass
