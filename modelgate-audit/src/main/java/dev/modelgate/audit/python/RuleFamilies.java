package dev.modelgate.audit.python;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules can fire in a file at all, decided from the words {@link Lexer} finds, so that
 * files and function bodies where none can are not parsed (parsing is most of the audit's cost).
 *
 * <p>Each family names a <em>gate</em>: words that every finding of its rules needs somewhere in
 * the file, read off the rules themselves. A callee resolves to {@code torch.load} only through
 * text that spells {@code torch} (an import, or a string given to {@code __import__}) and
 * {@code load} (an attribute, an imported name, or a string given to {@code getattr}); a
 * deserialiser is reported as fed by the network only when the deserialiser is there; and so on.
 * A word counts where the analysis could read it: as an identifier in code (f-string fields
 * included), or as the whole content of a string literal that is not a statement by itself
 * (docstrings and comments name APIs without calling them). Pseudo-words stand for string
 * shapes the rules test: {@code <tcp>} a literal starting with {@code tcp://}, {@code <repo>} a
 * literal that is a Hub repository id, {@code <chat>} a literal containing
 * {@code chat_template}; {@code <route>} is a route decorator, {@code <marker>} a
 * {@code modelgate:} comment, {@code <bare>} {@code eval}, {@code exec} or {@code compile}
 * not written as an attribute.
 *
 * <p>Each family also names its <em>body words</em>: what a call site, keyword or dict key of its
 * rules spells inside the function that holds it. A function or class body without any body word
 * of an active family (and without a name bound outside it to such a thing, checked after the
 * walk by {@link SkippedBodies}) produces no finding and binds nothing outside itself, so it is
 * not parsed.
 *
 * <p>The one thing this gives up: a name spelled only by joining string pieces
 * ({@code getattr(pickle, "lo" + "ads")}) is seen by the analysis but not by these gates.
 */
final class RuleFamilies {
  private RuleFamilies() {}

  /** A condition on the words present in a file. */
  sealed interface Gate {
    boolean test(boolean[] present);
  }

  record Word(int id) implements Gate {
    @Override
    public boolean test(boolean[] present) {
      return present[id];
    }
  }

  record All(List<Gate> parts) implements Gate {
    @Override
    public boolean test(boolean[] present) {
      return parts.stream().allMatch(g -> g.test(present));
    }
  }

  record AnyOf(List<Gate> parts) implements Gate {
    @Override
    public boolean test(boolean[] present) {
      return parts.stream().anyMatch(g -> g.test(present));
    }
  }

  /** Rules (for the reader), the gate, and the ids of the body words. */
  @SuppressWarnings("ArrayRecordComponent") // constant tables, never compared
  record Family(String rules, Gate gate, int[] bodyWords) {}

  /** Every word the families mention, in id order; pseudo-words first. */
  private static final Map<String, Integer> IDS = new LinkedHashMap<>();
  static final int BARE = id("<bare>");
  static final int TCP = id("<tcp>");
  static final int REPO = id("<repo>");
  static final int CHAT = id("<chat>");
  static final int ROUTE = id("<route>");
  static final int MARKER = id("<marker>");
  /** Identifiers whose occurrences not after a dot also count as {@link #BARE}. */
  static final int EVAL = id("eval");
  static final int EXEC = id("exec");
  static final int COMPILE = id("compile");
  /** The identifier chat_template also counts as {@link #CHAT}. */
  static final int CHAT_TEMPLATE = id("chat_template");

  private static final Gate NETWORK = any("recv", "recv_bytes", "recv_multipart", "recv_string",
      "recv_json", "recvfrom", "recvmsg", "recv_serialized", "requests", "httpx", "urlopen",
      "flask", "<route>");
  private static final Gate NETWORK_OR_MODEL = any(NETWORK, any("generate", "batch_decode",
      "invoke", "ainvoke", "generate_content", "chat_completion", "text_generation", "completion",
      "acompletion", "decode", "create", "pipeline"));

  static final List<Family> ALL = List.of(
      family("py.torch-load, py.torch-jit-load, torch.serialization._load",
          all(w("torch"), any("load", "_load")), "load", "_load"),
      family("py.pickle-load: the pickle family",
          any("pickle", "_pickle", "cPickle", "dill", "cloudpickle", "joblib", "marshal",
              "read_pickle", "Unpickler", "_Unpickler"),
          "load", "loads", "_loads", "load_session", "read_pickle", "Unpickler", "_Unpickler"),
      family("py.pickle-load: shelve.open", w("shelve"), "open"),
      family("py.pickle-load: jsonpickle.decode", w("jsonpickle"), "decode"),
      family("py.numpy-allow-pickle, numpy.loads", all(w("numpy"), any("load", "loads")),
          "load", "loads"),
      family("py.keras-unsafe", all(any("keras", "tf_keras"),
          any("safe_mode", "enable_unsafe_deserialization")),
          "load_model", "enable_unsafe_deserialization"),
      family("py.yaml-load", all(w("yaml"), any("load", "load_all", "unsafe_load",
          "unsafe_load_all", "full_load", "full_load_all")),
          "load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"),
      family("py.deserialize-untrusted-input: ZeroMQ recv_pyobj", w("recv_pyobj"), "recv_pyobj"),
      family("py.deserialize-untrusted-input: Connection.recv",
          all(w("recv"), w("multiprocessing")), "recv"),
      family("py.exec-model-output: eval/exec/compile",
          all(any(w("<bare>"), all(w("builtins"), any("eval", "exec", "compile"))),
              NETWORK_OR_MODEL), "eval", "exec", "compile"),
      family("py.exec-model-output: os", all(w("os"), any("system", "popen", "execv", "execvp",
          "execl", "execlp", "spawnv", "spawnl"), NETWORK_OR_MODEL),
          "system", "popen", "execv", "execvp", "execl", "execlp", "spawnv", "spawnl"),
      family("py.exec-model-output: subprocess", all(w("subprocess"), NETWORK_OR_MODEL),
          "run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"),
      family("py.exec-model-output: asyncio", all(w("asyncio"),
          any("create_subprocess_shell", "create_subprocess_exec"), NETWORK_OR_MODEL),
          "create_subprocess_shell", "create_subprocess_exec"),
      family("py.exec-model-output: pty", all(w("pty"), w("spawn"), NETWORK_OR_MODEL), "spawn"),
      family("py.exec-model-output: commands", all(w("commands"), w("getoutput"),
          NETWORK_OR_MODEL), "getoutput"),
      family("py.jinja-unsandboxed", all(w("jinja2"), any("Template", "from_string"),
          any(w("<chat>"), NETWORK)), "Template", "from_string"),
      family("py.unpinned-download", all(w("<repo>"), any(w("from_pretrained"),
          w("hf_hub_download"), w("snapshot_download"), w("load_dataset"),
          all(w("transformers"), w("pipeline")),
          all(w("sentence_transformers"), w("SentenceTransformer")),
          all(w("torch"), w("hub"), w("load")))),
          "from_pretrained", "hf_hub_download", "snapshot_download", "load_dataset", "pipeline",
          "SentenceTransformer", "load"),
      family("py.exposed-service: ZeroMQ", all(w("<tcp>"), w("bind")),
          "bind", "curve_server", "auth"),
      family("py.exposed-service: multiprocessing Listener",
          all(w("multiprocessing"), w("Listener")), "Listener"),
      family("py.exposed-service: ray.init", all(w("ray"), w("dashboard_host")),
          "dashboard_host"),
      family("py.exposed-service: Ray Serve", all(w("ray"), w("http_options")), "http_options"),
      family("py.exposed-service: torch.distributed.rpc", w("init_rpc"), "init_rpc"),
      family("py.weights-only-disabled", w("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"),
          "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD"),
      family("py.trust-remote-code", w("trust_remote_code"), "trust_remote_code"),
      family("suppressions", w("<marker>"), "<marker>"));

  /** Number of word ids (pseudo-words included). */
  static final int COUNT = IDS.size();
  private static final String[] NAMES = IDS.keySet().toArray(new String[0]);

  static int id(String word) {
    return IDS.computeIfAbsent(word, k -> IDS.size());
  }

  /** The id of {@code word}, or -1 when no family mentions it. */
  static int find(String word) {
    Integer id = IDS.get(word);
    return id == null ? -1 : id;
  }

  static String name(int id) {
    return NAMES[id];
  }

  /** Every real word (not a pseudo-word), for the lexer's lookup table. */
  static List<String> words() {
    List<String> out = new ArrayList<>();
    for (String s : NAMES) {
      if (!s.startsWith("<")) {
        out.add(s);
      }
    }
    return out;
  }

  /** The families whose gate holds for these words. */
  static List<Family> active(boolean[] present) {
    List<Family> out = new ArrayList<>();
    for (Family f : ALL) {
      if (f.gate.test(present)) {
        out.add(f);
      }
    }
    return out;
  }

  /** The body words of {@code families} as a membership table by word id. */
  static boolean[] bodyWords(List<Family> families) {
    boolean[] out = new boolean[COUNT];
    for (Family f : families) {
      for (int id : f.bodyWords) {
        out[id] = true;
      }
    }
    return out;
  }

  private static Family family(String rules, Gate gate, String... body) {
    return new Family(rules, gate, Arrays.stream(body).mapToInt(RuleFamilies::id).toArray());
  }

  private static Gate w(String word) {
    return new Word(id(word));
  }

  private static Gate all(Gate... parts) {
    return new All(List.of(parts));
  }

  private static Gate any(Object... parts) {
    List<Gate> gates = new ArrayList<>();
    for (Object p : parts) {
      gates.add(p instanceof Gate g ? g : w((String) p));
    }
    return new AnyOf(gates);
  }
}
