package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.Rules;
import java.util.Set;

/**
 * The call-site rules: deserialisers (pickle family, torch, numpy, Keras, YAML), reaching them
 * from network input, executing model output, and the service/hub/template rules in
 * {@link ServiceRules}. Each check names the callee by its resolved qualified name, so aliases,
 * {@code from x import y as z} and {@code getattr(mod, "name")} all count.
 */
final class CallRules {
  /** Deserialisers whose first argument is the data (or a file of it). */
  private static final Set<String> PICKLE_LIKE = Set.of("pickle.load", "pickle.loads",
      "_pickle.load", "_pickle.loads", "cPickle.load", "cPickle.loads", "dill.load", "dill.loads",
      "cloudpickle.load", "cloudpickle.loads", "joblib.load", "sklearn.externals.joblib.load",
      "pandas.read_pickle", "marshal.load", "marshal.loads", "shelve.open", "pickle._loads",
      "dill.load_session", "numpy.loads", "torch.serialization._load",
      Types.UNPICKLER + "#load", "jsonpickle.decode", "pickle.Unpickler", "dill.Unpickler");
  private static final Set<String> EXECUTORS = Set.of("builtins.eval", "builtins.exec",
      "builtins.compile", "os.system", "os.popen", "subprocess.run", "subprocess.call",
      "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
      "subprocess.getoutput", "subprocess.getstatusoutput", "asyncio.create_subprocess_shell",
      "asyncio.create_subprocess_exec", "os.execv", "os.execvp", "os.execl", "os.execlp",
      "os.spawnv", "os.spawnl", "pty.spawn", "commands.getoutput");
  static final String NO_WEIGHTS_ONLY = "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD";

  private final FileAudit file;
  private final Resolver r;
  private final ServiceRules services;

  CallRules(FileAudit file, Resolver r) {
    this.file = file;
    this.r = r;
    this.services = new ServiceRules(file, r);
  }

  void call(Node n) {
    Node fn = n.field("function");
    if (fn == null) {
      return;
    }
    String callee = r.calleeName(fn);
    Call c = new Call(n, callee, fn);
    if (!deserialisation(c)) {
      execution(c);
    }
    services.check(c);
    if (file.remoteCode) {
      RemoteCode.check(c, file);
    }
  }

  /** True when the call is a deserialiser (whether or not it was reported). */
  private boolean deserialisation(Call c) {
    if (c.simpleName.equals("recv_pyobj") && c.receiver != null) {
      file.report(Rules.UNTRUSTED_DESERIALIZE, c.node, "recv_pyobj unpickles whatever arrives "
          + "on the ZeroMQ socket: anyone who can connect runs code in this process");
      return true;
    }
    if (c.receiver != null && c.simpleName.equals("recv") && c.positional.isEmpty()
        && r.value(c.receiver) instanceof Value.Obj o && o.type().equals(Types.MP_CONNECTION)) {
      file.report(Rules.UNTRUSTED_DESERIALIZE, c.node, "multiprocessing Connection.recv() "
          + "unpickles what the peer sends");
      return true;
    }
    if (c.callee == null) {
      return false;
    }
    if (PICKLE_LIKE.contains(c.callee)) {
      sink(c, c.arg(0, null), Rules.PICKLE_LOAD, display(c) + " deserialises with pickle, "
          + "which runs code chosen by whoever wrote the data");
      return true;
    }
    if (c.calleeIs("torch.load", "torch.serialization.load")) {
      Node wo = c.arg(-1, "weights_only");
      Boolean safe = wo == null ? null : r.truth(wo);
      if (wo == null && c.hasSplat) {
        return true; // weights_only may come in **kwargs
      }
      if (wo != null && safe == null) {
        return true; // not a constant: the analysis cannot tell
      }
      if (Boolean.TRUE.equals(safe)) {
        return true;
      }
      sink(c, c.arg(0, "f"), Rules.TORCH_LOAD, wo == null
          ? "torch.load without weights_only=True unpickles the checkpoint (the default before "
              + "torch 2.6)"
          : "torch.load with weights_only=False unpickles the checkpoint");
      return true;
    }
    if (c.calleeIs("numpy.load")) {
      if (Boolean.TRUE.equals(r.truth(c.arg(2, "allow_pickle")))) {
        sink(c, c.arg(0, "file"), Rules.NUMPY_ALLOW_PICKLE,
            "numpy.load with allow_pickle=True unpickles object arrays");
      }
      return true;
    }
    if (c.calleeIs("torch.jit.load")) {
      sink(c, c.arg(0, "f"), Rules.TORCH_JIT_LOAD,
          "torch.jit.load runs the TorchScript program in the file");
      return true;
    }
    if (keras(c) || yaml(c)) {
      return true;
    }
    return false;
  }

  private boolean keras(Call c) {
    String q = c.callee;
    boolean kerasish = q.startsWith("keras.") || q.startsWith("tensorflow.keras.")
        || q.startsWith("tf_keras.") || q.startsWith("tensorflow.python.keras.");
    if (!kerasish) {
      return false;
    }
    if (q.endsWith(".enable_unsafe_deserialization")) {
      file.report(Rules.KERAS_UNSAFE, c.node, "enable_unsafe_deserialization() turns off Keras "
          + "safe mode for every later load in the process");
      return true;
    }
    if (q.endsWith(".load_model")) {
      Node sm = c.arg(-1, "safe_mode");
      if (sm != null && Boolean.FALSE.equals(r.truth(sm))) {
        sink(c, c.arg(0, "filepath"), Rules.KERAS_UNSAFE,
            "load_model(safe_mode=False) lets the file's Lambda layers run code");
      }
      return true;
    }
    return false;
  }

  private boolean yaml(Call c) {
    String q = c.callee;
    if (!q.startsWith("yaml.")) {
      return false;
    }
    String f = q.substring(5);
    if (f.equals("unsafe_load") || f.equals("unsafe_load_all") || f.equals("full_load")
        || f.equals("full_load_all")) {
      sink(c, c.arg(0, "stream"), Rules.YAML_LOAD, "yaml." + f + " constructs arbitrary "
          + "Python objects from the document");
      return true;
    }
    if (f.equals("load") || f.equals("load_all")) {
      Node loader = c.arg(1, "Loader");
      String name = loader == null ? null : r.calleeName(loader);
      String last = name == null ? (loader == null ? "" : loader.text()) : name;
      last = last.substring(last.lastIndexOf('.') + 1);
      if (loader == null && c.hasSplat) {
        return true;
      }
      if (loader != null && (last.equals("SafeLoader") || last.equals("CSafeLoader")
          || last.equals("BaseLoader") || last.equals("CBaseLoader"))) {
        return true;
      }
      if (loader != null && name == null && !last.endsWith("Loader")) {
        return true; // a loader the analysis cannot name
      }
      sink(c, c.arg(0, "stream"), Rules.YAML_LOAD, loader == null
          ? "yaml." + f + " without Loader= uses an unsafe loader (PyYAML < 6)"
          : "yaml." + f + " with " + last + " constructs arbitrary Python objects");
      return true;
    }
    return false;
  }

  /** Reports {@code rule}, or the critical rule when the data comes from network input. */
  private void sink(Call c, Node data, dev.modelgate.audit.rules.AuditRule rule, String message) {
    Taint t = data == null ? Taint.NONE : r.taint(data);
    if (c.receiver != null) {
      t = t.or(r.taint(c.receiver));
    }
    if (t.has(Taint.NETWORK)) {
      file.report(Rules.UNTRUSTED_DESERIALIZE, c.node, display(c) + " deserialises "
          + t.describe());
    } else {
      file.report(rule, c.node, message);
    }
  }

  private void execution(Call c) {
    if (c.callee == null || !EXECUTORS.contains(c.callee)) {
      return;
    }
    Taint t = Taint.NONE;
    for (Node a : c.args()) {
      t = t.or(r.taint(a));
    }
    if (t.has(Taint.NETWORK) || t.has(Taint.LLM)) {
      file.report(Rules.EXEC_MODEL_OUTPUT, c.node, display(c) + " runs " + t.describe());
    }
  }

  void keyword(Node kw) {
    Node name = kw.field("name");
    Node value = kw.field("value");
    if (name == null || value == null) {
      return;
    }
    flag(name.text(), value, kw);
  }

  void pair(Node pair) {
    Node key = pair.field("key");
    Node value = pair.field("value");
    if (key == null || value == null) {
      return;
    }
    String k = r.string(key);
    if (k != null) {
      flag(k, value, pair);
    }
  }

  /** {@code trust_remote_code=True} and the weights-only override, as keyword or dict entry. */
  private void flag(String key, Node value, Node at) {
    if (key.equals("trust_remote_code") && Boolean.TRUE.equals(r.truth(value))) {
      file.report(Rules.TRUST_REMOTE_CODE, at, "trust_remote_code=True runs the Python files of "
          + "the model repository");
    } else if (key.equals(NO_WEIGHTS_ONLY) && !Boolean.FALSE.equals(r.truth(value))) {
      file.report(Rules.WEIGHTS_ONLY_DISABLED, at, NO_WEIGHTS_ONLY + " makes every torch.load "
          + "a full unpickler");
    }
  }

  /** {@code os.environ["TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"] = "1"}, {@code s.curve_server = True}. */
  void assignment(Node left, Node right) {
    if (left == null || right == null) {
      return;
    }
    if (left.is("subscript") && "os.environ".equals(r.calleeName(left.field("value")))) {
      Node key = left.field("subscript");
      if (key != null && NO_WEIGHTS_ONLY.equals(r.string(key))
          && !Boolean.FALSE.equals(r.truth(right))) {
        file.report(Rules.WEIGHTS_ONLY_DISABLED, left.parent, NO_WEIGHTS_ONLY
            + " makes every torch.load a full unpickler");
      }
    }
    if (left.is("attribute")) {
      Node attr = left.field("attribute");
      if (attr != null && attr.text().equals("curve_server")
          && Boolean.TRUE.equals(r.truth(right))) {
        file.zmqAuth = true;
      }
    }
  }

  static String display(Call c) {
    if (c.callee == null) {
      return c.function.text();
    }
    return c.callee.replace("builtins.", "").replace('#', '.');
  }
}
