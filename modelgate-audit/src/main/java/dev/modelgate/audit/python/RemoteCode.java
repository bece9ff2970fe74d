package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.Rules;
import java.util.List;

/** In a model folder's Python files: every call that reaches processes, network or eval. */
final class RemoteCode {
  private RemoteCode() {}

  private static final List<String> PREFIXES = List.of("os.system", "os.popen", "os.exec",
      "os.spawn", "subprocess.", "builtins.eval", "builtins.exec", "builtins.compile",
      "builtins.__import__", "importlib.import_module", "socket.", "requests.", "urllib.",
      "httpx.", "http.client.", "ctypes.", "shutil.rmtree", "os.remove", "os.unlink",
      "pickle.", "marshal.", "base64.b64decode", "codecs.decode", "zlib.decompress");

  static void check(Call c, FileAudit file) {
    if (c.callee == null) {
      return;
    }
    for (String p : PREFIXES) {
      if (c.callee.startsWith(p)) {
        file.report(Rules.REMOTE_CODE, c.node, "model code calls "
            + c.callee.replace("builtins.", "") + ", which runs when the model is loaded with "
            + "trust_remote_code=True");
        return;
      }
    }
  }
}
