package dev.modelgate.audit.rules;

import static dev.modelgate.rules.Severity.CRITICAL;
import static dev.modelgate.rules.Severity.HIGH;
import static dev.modelgate.rules.Severity.INFO;
import static dev.modelgate.rules.Severity.MEDIUM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit's rule catalogue: every rule the source, dependency and native checks report. */
public final class Rules {
  private Rules() {}

  public static final AuditRule TORCH_LOAD = new AuditRule("py.torch-load", HIGH,
      "torch.load without weights_only=True",
      "torch.load unpickles the checkpoint: without weights_only=True (or with False) a malicious "
          + "model file runs code when it is loaded. torch < 2.6 defaults to False.",
      "Pass weights_only=True (and require torch >= 2.6, see CVE-2025-32434), or store weights "
          + "as safetensors and load them with safetensors.torch.load_file.");
  public static final AuditRule PICKLE_LOAD = new AuditRule("py.pickle-load", HIGH,
      "pickle-based deserialisation",
      "pickle, cPickle, dill, cloudpickle, joblib, pandas.read_pickle, marshal and shelve run "
          + "code chosen by whoever wrote the data.",
      "Load only data you produced yourself; for models use safetensors, for data JSON, Arrow or "
          + "Parquet. Check files with `modelgate scan` before loading them.");
  public static final AuditRule NUMPY_ALLOW_PICKLE = new AuditRule("py.numpy-allow-pickle", HIGH,
      "numpy.load with allow_pickle=True",
      "allow_pickle=True lets an .npy/.npz file carry pickled object arrays, which run code when "
          + "loaded.",
      "Drop allow_pickle=True (the default is False) and store object data in a safe format.");
  public static final AuditRule TORCH_JIT_LOAD = new AuditRule("py.torch-jit-load", MEDIUM,
      "torch.jit.load of a TorchScript file",
      "A TorchScript archive is a program: loading one from an untrusted source runs its code.",
      "Load TorchScript only from artifacts you built; exchange weights as safetensors.");
  public static final AuditRule KERAS_UNSAFE = new AuditRule("py.keras-unsafe", HIGH,
      "Keras loading with safe_mode=False",
      "safe_mode=False (or keras.config.enable_unsafe_deserialization()) lets a .keras file "
          + "deserialise Lambda layers, i.e. run arbitrary Python bytecode.",
      "Keep safe_mode=True (the default); rebuild Lambda layers in code instead of loading them.");
  public static final AuditRule YAML_LOAD = new AuditRule("py.yaml-load", HIGH,
      "yaml.load without a safe loader",
      "yaml.load with the default, Full or Unsafe loader (and yaml.unsafe_load) constructs "
          + "arbitrary Python objects from tags in the document.",
      "Use yaml.safe_load, or yaml.load(..., Loader=yaml.SafeLoader).");
  public static final AuditRule WEIGHTS_ONLY_DISABLED = new AuditRule("py.weights-only-disabled",
      HIGH, "TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD set",
      "Setting TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD turns every torch.load in the process back into "
          + "a full unpickler, whatever weights_only its callers pass.",
      "Remove the variable; allowlist the few classes a checkpoint needs with "
          + "torch.serialization.add_safe_globals instead.");
  public static final AuditRule UNTRUSTED_DESERIALIZE = new AuditRule(
      "py.deserialize-untrusted-input", CRITICAL,
      "deserialisation of network or IPC input",
      "Bytes received from a socket, ZeroMQ, a multiprocessing connection, an HTTP request or a "
          + "download reach a deserialiser: anyone who can send to it runs code in the process "
          + "(the class of TensorRT-LLM's and vLLM's IPC RCEs).",
      "Never unpickle what arrives over a network or IPC channel: send JSON, msgpack or "
          + "safetensors, and authenticate the channel (ZeroMQ CURVE, authkey).");
  public static final AuditRule JINJA_UNSANDBOXED = new AuditRule("py.jinja-unsandboxed", HIGH,
      "model-supplied template rendered outside a sandbox",
      "A chat template from a model file (or from a request) rendered by a plain "
          + "jinja2.Environment or Template can reach Python internals and run code (server-side "
          + "template injection, e.g. CVE-2024-34359 in llama-cpp-python).",
      "Render model templates with jinja2.sandbox.ImmutableSandboxedEnvironment, as "
          + "transformers does.");
  public static final AuditRule EXEC_MODEL_OUTPUT = new AuditRule("py.exec-model-output",
      CRITICAL, "model output or network input executed",
      "eval, exec, compile, os.system or subprocess run text produced by a language model or "
          + "received over the network: a prompt injection becomes code execution.",
      "Do not execute generated text; parse it into a fixed set of actions, or run it in a "
          + "real sandbox (separate process, no network, no secrets).");
  public static final AuditRule TRUST_REMOTE_CODE = new AuditRule("py.trust-remote-code", HIGH,
      "trust_remote_code=True",
      "trust_remote_code=True imports and runs the Python files that come with a model "
          + "repository.",
      "Use a model whose architecture ships with the library; if you must, pin revision= to a "
          + "commit you reviewed and audit its .py files (`modelgate audit MODEL_FOLDER`).");
  public static final AuditRule UNPINNED_DOWNLOAD = new AuditRule("py.unpinned-download", MEDIUM,
      "hub download without a pinned revision",
      "from_pretrained, hf_hub_download, snapshot_download and friends fetch whatever the "
          + "repository holds now: a later push changes what your code loads.",
      "Pass revision= with a full 40-character commit hash you have reviewed.");
  public static final AuditRule EXPOSED_SERVICE = new AuditRule("py.exposed-service", HIGH,
      "cluster or IPC service on all interfaces without authentication",
      "Ray, torch.distributed.rpc, ZeroMQ and multiprocessing listeners bound to 0.0.0.0 or * "
          + "without authentication accept jobs or pickles from anyone on the network "
          + "(e.g. ShadowRay, CVE-2023-48022).",
      "Bind to 127.0.0.1 or a private interface, and turn on authentication (ZeroMQ CURVE, "
          + "authkey=, a firewall in front of Ray).");
  public static final AuditRule REMOTE_CODE = new AuditRule("model.remote-code", HIGH,
      "Python code shipped in a model folder",
      "A Python file inside a model folder is run by transformers when the model is loaded with "
          + "trust_remote_code=True; its calls to processes, the network or eval run on your "
          + "machine.",
      "Review the file; prefer models whose architecture ships with the library.");
  public static final AuditRule MODEL_FILE = new AuditRule("model.file", HIGH,
      "model file that is not clean",
      "A model file in the audited folder is not clean under `modelgate scan` (see its findings).",
      "Do not load it; convert pickles with `modelgate convert` or get the model from a trusted "
          + "source.");
  public static final AuditRule VULNERABLE_DEPENDENCY = new AuditRule("dep.vulnerable", HIGH,
      "dependency version with a known vulnerability",
      "A pinned, locked or installed package version is affected by a published advisory.",
      "Upgrade to a fixed version (see the advisory).");
  public static final AuditRule VULNERABLE_RANGE = new AuditRule("dep.vulnerable-range", MEDIUM,
      "requirement that allows a vulnerable version",
      "The version range of an unpinned requirement includes versions affected by an advisory, "
          + "so a resolver (or an old lock file) may install one.",
      "Raise the lower bound past the fixed version (e.g. torch>=2.6).");
  public static final AuditRule DEPENDENCY_FILE = new AuditRule("dep.file-error", MEDIUM,
      "dependency file that cannot be read",
      "A requirements, lock or metadata file is malformed or includes files in a loop; its "
          + "dependencies were not checked.",
      "Fix the file (the message names the line).");
  public static final AuditRule VULNERABLE_NATIVE = new AuditRule("native.vulnerable", HIGH,
      "vendored native library with a known CVE",
      "A wheel bundles its own copy of a native library (libpng, libwebp, libtiff, zlib, …) whose "
          + "version has a published vulnerability; system updates do not fix a vendored copy.",
      "Upgrade the package that vendors it to a release that bundles a fixed library.");
  public static final AuditRule PARSE_ERROR = new AuditRule("audit.parse-error", INFO,
      "Python file with syntax errors",
      "The parser recovered from syntax errors; the rest of the file was still audited.",
      "Check that the file is Python 3.");
  public static final AuditRule SUPPRESSION_REASON = new AuditRule("audit.suppression-reason",
      MEDIUM, "suppression without a reason",
      "A `# modelgate: ignore[rule]` comment gives no reason, so it does not suppress anything.",
      "Write why the finding does not apply: `# modelgate: ignore[py.pickle-load] cache we wrote`.");

  private static final Map<String, AuditRule> ALL = new LinkedHashMap<>();

  static {
    for (AuditRule r : List.of(TORCH_LOAD, PICKLE_LOAD, NUMPY_ALLOW_PICKLE, TORCH_JIT_LOAD,
        KERAS_UNSAFE, YAML_LOAD, WEIGHTS_ONLY_DISABLED, UNTRUSTED_DESERIALIZE, JINJA_UNSANDBOXED,
        EXEC_MODEL_OUTPUT, TRUST_REMOTE_CODE, UNPINNED_DOWNLOAD, EXPOSED_SERVICE, REMOTE_CODE,
        MODEL_FILE, VULNERABLE_DEPENDENCY, VULNERABLE_RANGE, DEPENDENCY_FILE, VULNERABLE_NATIVE,
        PARSE_ERROR, SUPPRESSION_REASON)) {
      ALL.put(r.id(), r);
    }
  }

  public static List<AuditRule> all() {
    return List.copyOf(ALL.values());
  }

  /** The rule with this id, or null. */
  public static AuditRule byId(String id) {
    return ALL.get(id);
  }
}
