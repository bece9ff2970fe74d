package dev.modelgate.format.keras;

import dev.modelgate.policy.Policy;
import dev.modelgate.rules.Finding;
import dev.modelgate.rules.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rules over a Keras model config (Keras 3 {@code config.json}, or the {@code model_config} /
 * {@code training_config} attributes of a legacy .h5). The whole JSON tree is walked, so layers
 * nested in models, wrappers and compile configs are all covered:
 *
 * <ul>
 *   <li>{@code keras.lambda-code}: a Lambda layer's marshalled Python bytecode (Keras 3
 *       {@code __lambda__} objects, Keras 2 {@code function} lists): it runs when the model is
 *       loaded with safe_mode off, or on Keras versions where safe_mode is ignored (CVE-2025-9905).
 *   <li>{@code keras.dangerous-object}: a {@code module}/{@code class_name} reference to code
 *       that reaches the OS, files or network (builtins, os, subprocess, keras get_file ...), the
 *       safe_mode bypass class of CVE-2025-1550 and CVE-2025-8747; and TFSMLayer, which loads a
 *       TensorFlow SavedModel graph from a path.
 *   <li>{@code keras.custom-object}: any other object from outside Keras/TensorFlow, or a
 *       custom registered class ({@code package>Name}); it needs code the file does not carry.
 *   <li>{@code keras.vocabulary-file}: a lookup layer whose vocabulary is a path or URL, read
 *       from outside the file at load time.
 *   <li>{@code keras.unusual-object}: a Keras/TensorFlow reference into an area (utils,
 *       applications, data ...) that holds nothing a saved model's config needs.
 * </ul>
 */
final class KerasConfig {
  /** Top-level modules whose functions execute commands, touch files, load code or use sockets. */
  private static final Set<String> DANGEROUS_MODULES = Set.of("builtins", "__builtin__", "os",
      "posix", "nt", "subprocess", "sys", "shutil", "importlib", "runpy", "pickle", "_pickle",
      "cPickle", "dill", "joblib", "marshal", "socket", "requests", "urllib", "urllib2", "urllib3",
      "http", "httplib", "webbrowser", "ctypes", "code", "codeop", "pty", "pathlib", "io",
      "tempfile", "multiprocessing", "asyncio", "zipimport", "types", "operator", "functools",
      "pdb", "timeit", "platform", "commands", "popen2", "glob", "fileinput", "smtplib", "ftplib");
  /** Functions inside Keras/TensorFlow that download, load or save files or code. */
  private static final Set<String> DANGEROUS_NAMES = Set.of("get_file", "load_model",
      "save_model", "load_weights", "save_weights", "enable_unsafe_deserialization", "TFSMLayer",
      "load", "save", "read_file", "write_file", "GFile", "gfile", "py_func", "numpy_function",
      "py_function", "exec", "eval", "system", "ReadFile", "WriteFile", "PyFunc",
      "PyFuncStateless", "EagerPyFunc", "MatchingFiles", "DeleteFile", "SaveV2", "RestoreV2",
      // dataset loaders download (get_file); image/text helpers and callbacks read or write files
      "load_data", "load_img", "save_img", "load_op_library", "load_library", "load_file_system_library",
      "TextLineDataset", "TFRecordDataset", "FixedLengthRecordDataset", "create_file_writer",
      "matching_files", "text_dataset_from_directory", "image_dataset_from_directory",
      "audio_dataset_from_directory", "ExportArchive", "CSVLogger", "ModelCheckpoint",
      "BackupAndRestore", "TensorBoard", "RemoteMonitor", "print_v2", "write_graph");
  private static final Set<String> FILE_MODULE_PARTS = Set.of("io", "gfile", "file_utils",
      "saving", "saved_model", "lib", "datasets", "callbacks", "export", "gen_io_ops", "file_io",
      "summary", "gen_logging_ops", "debugging");
  /**
   * Keras areas with no layer, loss, metric, initializer or activation a saved model needs; a
   * reference into them is no known attack but not a normal config either.
   */
  private static final Set<String> UNUSUAL_MODULE_PARTS = Set.of("utils", "applications",
      "distribution", "data", "tpu", "dtensor", "compat", "experimental", "platform", "framework",
      "eager", "client", "training", "trainers", "backend");

  /**
   * Keras saves its own activations, losses and metrics as {@code module: "builtins",
   * class_name: "function"}; Keras 3 resolves such a name only inside keras.activations,
   * losses, metrics ... so these names are Keras functions, not Python builtins (none of them is
   * a Python builtin). Any other builtins name keeps its dangerous reading (Keras < 3.9
   * imported the builtins module itself).
   */
  private static final Set<String> KERAS_BUILTIN_FUNCTIONS = Set.of(
      "binary_accuracy", "binary_crossentropy", "binary_focal_crossentropy",
      "categorical_accuracy", "categorical_crossentropy", "categorical_focal_crossentropy",
      "categorical_generalized_cross_entropy", "categorical_hinge", "celu", "circle",
      "concordance_correlation", "cosine_similarity", "ctc", "dice", "elu", "exponential",
      "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh",
      "hinge", "huber", "kl_divergence", "leaky_relu", "linear", "log_cosh", "log_sigmoid",
      "log_softmax", "mean_absolute_error", "mean_absolute_percentage_error",
      "mean_squared_error", "mean_squared_logarithmic_error", "mish", "pearson_correlation",
      "poisson", "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax",
      "softplus", "softsign", "sparse_categorical_accuracy", "sparse_categorical_crossentropy",
      "sparse_plus", "sparse_sigmoid", "sparse_top_k_categorical_accuracy", "sparsemax",
      "squared_hinge", "squareplus", "swish", "tanh", "tanh_shrink", "threshold",
      "top_k_categorical_accuracy", "tversky", "logcosh", "kullback_leibler_divergence", "mse",
      "mae", "mape", "msle", "kld");

  private final Policy policy;
  private final String location;
  private final List<Finding> out;

  private KerasConfig(Policy policy, String location, List<Finding> out) {
    this.policy = policy;
    this.location = location;
    this.out = out;
  }

  /** Adds the findings for {@code config} (a parsed JSON value) to {@code out}. */
  static void check(Object config, Policy policy, String location, List<Finding> out) {
    new KerasConfig(policy, location, out).walk(config, 0);
  }

  private void walk(Object v, int depth) {
    if (depth > dev.modelgate.json.Json.MAX_DEPTH + 8) {
      return; // the JSON parser already bounds nesting; this keeps the walk bounded regardless
    }
    if (v instanceof Map<?, ?> m) {
      object(m);
      for (Object child : m.values()) {
        walk(child, depth + 1);
      }
    } else if (v instanceof List<?> l) {
      for (Object child : l) {
        walk(child, depth + 1);
      }
    }
  }

  private void object(Map<?, ?> m) {
    String cls = str(m.get("class_name"));
    if (cls == null) {
      return;
    }
    Object cfg = m.get("config");
    if (cls.equals("__lambda__")) {
      lambda(cfg instanceof Map<?, ?> c ? c.get("code") : null, "Keras 3 __lambda__ object");
      return;
    }
    if (cls.equals("Lambda") && cfg instanceof Map<?, ?> c) {
      legacyLambda(c);
    }
    if (cfg instanceof Map<?, ?> c && c.get("vocabulary") instanceof String path) {
      // IndexLookup (StringLookup, IntegerLookup, TextVectorization) treats a string vocabulary as
      // a path and reads it with tf.io.gfile at load: a host file or a gs:// / http(s) URL
      // (CVE-2025-12058; refused only by safe_mode on Keras >= 3.12).
      add(Verdict.MALICIOUS, "keras.vocabulary-file", cls + " reads its vocabulary from '"
          + path + "' outside the model file when it is loaded",
          cls + "(vocabulary=" + quote(path) + ")");
    }
    if (cls.equals("TFSMLayer")) {
      Object path = cfg instanceof Map<?, ?> c ? c.get("filepath") : null;
      add(Verdict.MALICIOUS, "keras.dangerous-object", "TFSMLayer loads and runs a TensorFlow"
          + " SavedModel graph from " + (path == null ? "a path" : "'" + path + "'"),
          "keras.layers.TFSMLayer(filepath=" + quote(path) + ")");
      return;
    }
    String module = str(m.get("module"));
    String registered = str(m.get("registered_name"));
    if (module != null) {
      // Keras 3 serialises a plain function as class_name "function" with its name in config.
      String function = cls.equals("function") && cfg instanceof String f ? f : null;
      if (function != null && module.equals("builtins")
          && KERAS_BUILTIN_FUNCTIONS.contains(function)) {
        return;
      }
      reference(module, function != null ? function : cls);
    } else if ((registered != null && registered.contains(">")) || cls.contains(">")
        || cls.contains(".")) {
      String name = registered != null && registered.contains(">") ? registered : cls;
      if (!policy.userAllows("", name)) {
        add(Verdict.SUSPICIOUS, "keras.custom-object", "custom registered object '" + name
            + "' needs code that is not in the file", name);
      }
    }
  }

  /** Keras 2 Lambda: {@code function} is [base64 code, defaults, closure] or a base64 string. */
  private void legacyLambda(Map<?, ?> c) {
    Object fn = c.get("function");
    String type = str(c.get("function_type"));
    if (fn instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
      lambda(s, "Keras 2 Lambda function");
    } else if (fn instanceof String s && "lambda".equals(type)) {
      lambda(s, "Keras 2 Lambda function");
    } else if (fn instanceof String s && "function".equals(type)) {
      String module = str(c.get("module"));
      reference(module == null ? "__main__" : module, s);
    }
    // output_shape is deserialised like function (func_load for type "lambda"), so a harmless
    // function can sit beside bytecode that runs when the layer is built
    Object shape = c.get("output_shape");
    String shapeType = str(c.get("output_shape_type"));
    if ("lambda".equals(shapeType) && shape instanceof List<?> l && !l.isEmpty()
        && l.get(0) instanceof String s) {
      lambda(s, "Keras 2 Lambda output_shape function");
    } else if ("lambda".equals(shapeType) && shape instanceof String s) {
      lambda(s, "Keras 2 Lambda output_shape function");
    } else if ("function".equals(shapeType) && shape instanceof String s) {
      String module = str(c.get("output_shape_module"));
      reference(module == null ? "__main__" : module, s);
    }
  }

  private void lambda(@Nullable Object code, String what) {
    String evidence = "Lambda(<marshalled bytecode>)";
    if (code instanceof String s) {
      byte[] b = MarshalStrings.decode(s);
      if (b != null && MarshalStrings.isCode(b)) {
        evidence = "Lambda(code referencing " + String.join(", ",
            MarshalStrings.names(b).stream().map(KerasConfig::quote).toList()) + ")";
      } else {
        evidence = "Lambda(<" + s.length() + " characters that do not decode as marshal code>)";
      }
    }
    add(Verdict.MALICIOUS, "keras.lambda-code", what + " carries Python bytecode that runs"
        + " when the model is loaded", evidence);
  }

  private void reference(String module, String name) {
    if (policy.userAllows(module, name)) {
      return;
    }
    String qualified = module + "." + name;
    String top = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
    if (DANGEROUS_MODULES.contains(top) || policy.judge(module, name).dangerous()) {
      add(Verdict.MALICIOUS, "keras.dangerous-object", "config references " + qualified
          + ", which can run commands or reach files or the network when deserialised",
          qualified);
    } else if (kerasModule(module)) {
      if (DANGEROUS_NAMES.contains(name) || fileModule(module)) {
        add(Verdict.MALICIOUS, "keras.dangerous-object", "config references " + qualified
            + ", which reads, writes or downloads files when deserialised", qualified);
      } else if (unusualModule(module) || !modelingModule(module)) {
        add(Verdict.SUSPICIOUS, "keras.unusual-object", "config references " + qualified
            + ", outside the layers, losses, metrics and functions a saved model uses", qualified);
      }
    } else {
      add(Verdict.SUSPICIOUS, "keras.custom-object", "config references " + qualified
          + " from outside Keras; loading needs code that is not in the file", qualified);
    }
  }

  static boolean kerasModule(String module) {
    return module.equals("keras") || module.startsWith("keras.") || module.equals("tf_keras")
        || module.startsWith("tf_keras.") || module.equals("tensorflow")
        || module.startsWith("tensorflow.");
  }

  /**
   * Whether a Keras module path lies in an area real saved models reference: the model classes,
   * layers, initializers, optimizers, losses, metrics and the like (collected from configs that
   * Keras 3 and tf.keras write). Anything else is no modeling object and is reported, so a path
   * no deny-list names yet still stands out.
   */
  static boolean modelingModule(String module) {
    String m = module;
    for (String alias : List.of("tensorflow.python.keras", "tensorflow.keras", "tf_keras")) {
      if (m.equals(alias) || m.startsWith(alias + ".")) {
        m = "keras" + m.substring(alias.length());
        break;
      }
    }
    if (m.equals("keras") || m.equals("keras.src")) {
      return true;
    }
    if (!m.startsWith("keras.")) {
      return false; // tensorflow.* outside tf.keras: ops and internals, not config objects
    }
    String rest = m.startsWith("keras.src.") ? m.substring(10) : m.substring(6);
    int dot = rest.indexOf('.');
    return MODELING_AREAS.contains(dot < 0 ? rest : rest.substring(0, dot));
  }

  private static final Set<String> MODELING_AREAS = Set.of("layers", "initializers",
      "optimizers", "losses", "metrics", "regularizers", "constraints", "activations", "models",
      "engine", "dtype_policies", "mixed_precision", "ops", "premade", "feature_column",
      "quantizers", "random");

  /** Modules like tensorflow.io.gfile or keras.src.utils.file_utils: file access throughout. */
  private static boolean fileModule(String module) {
    for (String part : module.split("\\.", 0)) {
      if (FILE_MODULE_PARTS.contains(part)) {
        return true;
      }
    }
    return false;
  }

  private static boolean unusualModule(String module) {
    for (String part : module.split("\\.", 0)) {
      if (UNUSUAL_MODULE_PARTS.contains(part)) {
        return true;
      }
    }
    return false;
  }

  private void add(Verdict v, String rule, String message, String evidence) {
    out.add(new Finding(rule, v, message, location, evidence));
  }

  private static @Nullable String str(@Nullable Object o) {
    return o instanceof String s ? s : null;
  }

  private static String quote(@Nullable Object o) {
    if (o == null) {
      return "None";
    }
    String s = String.valueOf(o);
    return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
  }
}
