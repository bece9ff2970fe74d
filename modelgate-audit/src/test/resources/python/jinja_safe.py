from jinja2 import Environment, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment


def render(tokenizer, messages):
    env = ImmutableSandboxedEnvironment(trim_blocks=True)
    return env.from_string(tokenizer.chat_template).render(messages=messages)


def page(name):
    return Template("Hello {{ name }}").render(name=name)
