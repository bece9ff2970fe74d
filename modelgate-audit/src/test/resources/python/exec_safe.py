import subprocess


def run(prompt):
    expr = "1 + 1"
    print(eval(expr))
    subprocess.run(["ls", "-l"], check=True)
