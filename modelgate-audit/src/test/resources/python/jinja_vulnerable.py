import jinja2
from jinja2 import Environment, Template


def render(tokenizer, messages):
    env = Environment()
    tpl = env.from_string(tokenizer.chat_template)  # expect: py.jinja-unsandboxed
    return tpl.render(messages=messages)


def render_gguf(metadata, messages):
    source = metadata.get("tokenizer.chat_template")
    return Template(source).render(messages=messages)  # expect: py.jinja-unsandboxed


def render_config(config, messages):
    return jinja2.Environment(loader=None).from_string(config["chat_template"]).render(messages=messages)  # expect: py.jinja-unsandboxed
