package dev.modelgate.format.jinja;

import dev.modelgate.io.Bytes;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.json.Json;
import dev.modelgate.json.JsonException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chat templates outside GGUF: Hugging Face's {@code tokenizer_config.json} (and processor
 * configs) carry a {@code chat_template} string or a list of named templates, newer repositories
 * ship {@code chat_template.jinja} / {@code chat_template.json}. transformers renders them in a
 * sandbox, but servers and ports that use a plain Jinja environment execute whatever the template
 * reaches, so they get the same injection analysis as GGUF templates.
 */
public final class ChatTemplateHandler implements FormatHandler {
  static final String INJECTION = "chat-template.injection";
  static final String SYNTAX = "chat-template.syntax";
  private static final Set<String> CONFIG_NAMES = Set.of("tokenizer_config.json",
      "chat_template.json", "processor_config.json", "preprocessor_config.json");
  private static final byte[] KEY = "\"chat_template\"".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String format() {
    return "chat-template";
  }

  @Override
  public boolean detect(Sniff sniff) {
    String name = sniff.fileName();
    if (name.endsWith(".jinja") || name.endsWith(".jinja2")) {
      return text(sniff.head());
    }
    // a config's template is often at its end, past the head: its name says where to look
    return startsObject(sniff.head())
        && (CONFIG_NAMES.contains(name) || Bytes.contains(sniff.head(), KEY));
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    int max = ctx.limits().maxMetadataBytes();
    if (src.size() > max) {
      throw new InvalidInputException("chat-template.size", "file of " + src.size()
          + " bytes exceeds the " + max + "-byte metadata limit", "");
    }
    byte[] bytes = src.bytes(0, (int) src.size());
    String name = new Sniff(ctx.path(), src.size(), new byte[0]).fileName();
    if (name.endsWith(".jinja") || name.endsWith(".jinja2")) {
      report(ctx, INJECTION, SYNTAX, name, new String(bytes, StandardCharsets.UTF_8), "");
      return;
    }
    Object doc;
    try {
      doc = Json.parse(bytes, ctx.budget(), "");
    } catch (JsonException e) {
      throw new InvalidInputException("chat-template.json", "not valid JSON: " + e.getMessage(),
          "@" + e.offset());
    }
    if (!(doc instanceof Map<?, ?> m)) {
      return;
    }
    Object t = m.get("chat_template");
    if (t instanceof String s) {
      report(ctx, INJECTION, SYNTAX, "chat_template", s, "chat_template");
    } else if (t instanceof List<?> named) {
      // [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
      for (int k = 0; k < named.size(); k++) {
        if (named.get(k) instanceof Map<?, ?> e && e.get("template") instanceof String s) {
          String key = "chat_template[" + (e.get("name") instanceof String n ? n : k) + "]";
          report(ctx, INJECTION, SYNTAX, key, s, key);
        }
      }
    } else if (t != null) {
      ctx.suspicious(SYNTAX, "chat_template is neither a string nor a list of named templates",
          "chat_template", "");
    }
  }

  /** Analyses one template and reports its issues under the given rule ids. */
  public static void report(ScanContext ctx, String injectionRule, String syntaxRule, String key,
      String template, String where) {
    try {
      // the lexer keeps a token per few characters while the template is analysed
      ctx.budget().memory(16L * template.length(), "chat template tokens", where);
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), key + ": " + e.getMessage(), where);
      return;
    }
    for (TemplateIssue i : TemplateAnalyzer.analyze(template)) {
      String msg = key + " (character " + i.offset() + "): " + i.message();
      if (i.kind() == TemplateIssue.Kind.INJECTION) {
        ctx.malicious(injectionRule, msg, where, i.evidence());
      } else {
        ctx.suspicious(syntaxRule, msg, where, i.evidence());
      }
    }
  }

  private static boolean startsObject(byte[] h) {
    for (byte b : h) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  /** No NUL bytes in the head: a template is text. */
  private static boolean text(byte[] h) {
    for (byte b : h) {
      if (b == 0) {
        return false;
      }
    }
    return h.length > 0;
  }
}
