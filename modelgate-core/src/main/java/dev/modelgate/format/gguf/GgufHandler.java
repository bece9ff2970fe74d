package dev.modelgate.format.gguf;

import dev.modelgate.format.jinja.ChatTemplateHandler;
import dev.modelgate.io.ByteSource;
import dev.modelgate.io.InvalidInputException;
import dev.modelgate.spi.FormatHandler;
import dev.modelgate.spi.ScanContext;
import dev.modelgate.spi.Sniff;
import java.io.IOException;

/**
 * GGUF (llama.cpp): validates the whole header, then analyses every chat template in it. Tensor
 * data is never read. Metadata strings other than chat templates are data: no loader evaluates
 * them.
 */
public final class GgufHandler implements FormatHandler {
  static final String INJECTION = "gguf.chat-template-injection";
  static final String SYNTAX = "gguf.chat-template-syntax";

  @Override
  public String format() {
    return "gguf";
  }

  @Override
  public boolean detect(Sniff sniff) {
    return sniff.startsWith("GGUF");
  }

  @Override
  public void scan(ScanContext ctx, ByteSource src) throws IOException {
    GgufFile file;
    try {
      file = GgufFile.read(src, ctx.budget());
    } catch (InvalidInputException e) {
      ctx.invalid(e.rule(), e.getMessage(), e.location());
      return;
    }
    if (ctx.describing()) {
      ctx.describe(file);
    }
    for (GgufKv kv : file.metadata()) {
      if (!kv.key().contains("chat_template")) {
        continue;
      }
      String where = "@" + kv.valueOffset();
      switch (kv.value()) {
        case GgufValue.Str s -> template(ctx, kv.key(), s.value(), where);
        case GgufValue.Array a -> {
          for (String s : a.strings()) {
            template(ctx, kv.key(), s, where);
          }
        }
        case GgufValue.LongStr l -> ctx.suspicious(SYNTAX, kv.key() + " is a " + l.length()
            + "-byte template, too large to analyse", where, "");
        case GgufValue.Scalar x -> { }
      }
    }
  }

  private static void template(ScanContext ctx, String key, String text, String where) {
    ChatTemplateHandler.report(ctx, INJECTION, SYNTAX, key, text, where);
  }

}
