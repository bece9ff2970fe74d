package dev.modelgate.audit.python;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The small type knowledge the rules need: which calls construct which kind of object (a ZeroMQ
 * socket, a multiprocessing connection, a Jinja environment, an HTTP response), and which
 * methods of those objects read input.
 */
final class Types {
  private Types() {}

  static final String ZMQ_CONTEXT = "zmq.Context";
  static final String ZMQ_SOCKET = "zmq.Socket";
  static final String MP_LISTENER = "multiprocessing.connection.Listener";
  static final String MP_CONNECTION = "multiprocessing.connection.Connection";
  static final String JINJA_ENV = "jinja2.Environment";
  static final String JINJA_SANDBOX = "jinja2.sandbox.SandboxedEnvironment";
  static final String HTTP_RESPONSE = "http.Response";
  static final String HTTP_REQUEST = "http.Request";
  static final String HTTP_UPLOAD = "http.UploadFile";
  static final String SOCKET = "socket.socket";
  static final String UNPICKLER = "pickle.Unpickler";
  static final String PIPELINE = "transformers.Pipeline";

  /** Calls of these qualified names (or "type#method" on an object) produce objects of a type. */
  private static final Map<String, String> FACTORIES = new HashMap<>();

  static {
    for (String q : new String[] {"zmq.Context", "zmq.Context.instance", "zmq.asyncio.Context",
        "zmq.asyncio.Context.instance", "zmq.green.Context", "zmq.sugar.context.Context"}) {
      FACTORIES.put(q, ZMQ_CONTEXT);
    }
    FACTORIES.put(ZMQ_CONTEXT + "#socket", ZMQ_SOCKET);
    FACTORIES.put("zmq.Socket", ZMQ_SOCKET);
    FACTORIES.put("multiprocessing.connection.Listener", MP_LISTENER);
    FACTORIES.put(MP_LISTENER + "#accept", MP_CONNECTION);
    FACTORIES.put("multiprocessing.connection.Client", MP_CONNECTION);
    for (String q : new String[] {"jinja2.Environment", "jinja2.environment.Environment"}) {
      FACTORIES.put(q, JINJA_ENV);
    }
    for (String q : new String[] {"jinja2.sandbox.SandboxedEnvironment",
        "jinja2.sandbox.ImmutableSandboxedEnvironment"}) {
      FACTORIES.put(q, JINJA_SANDBOX);
    }
    for (String lib : new String[] {"requests", "httpx"}) {
      for (String verb : new String[] {"get", "post", "put", "patch", "delete", "request"}) {
        FACTORIES.put(lib + "." + verb, HTTP_RESPONSE);
        FACTORIES.put(lib + ".Session#" + verb, HTTP_RESPONSE);
        FACTORIES.put(lib + ".Client#" + verb, HTTP_RESPONSE);
        FACTORIES.put(lib + ".AsyncClient#" + verb, HTTP_RESPONSE);
      }
    }
    FACTORIES.put("requests.Session", "requests.Session");
    FACTORIES.put("requests.session", "requests.Session");
    FACTORIES.put("httpx.Client", "httpx.Client");
    FACTORIES.put("httpx.AsyncClient", "httpx.AsyncClient");
    FACTORIES.put("urllib.request.urlopen", HTTP_RESPONSE);
    FACTORIES.put("urllib2.urlopen", HTTP_RESPONSE);
    FACTORIES.put("socket.socket", SOCKET);
    FACTORIES.put("socket.create_connection", SOCKET);
    FACTORIES.put("socket.create_server", SOCKET);
    for (String q : new String[] {"pickle.Unpickler", "_pickle.Unpickler", "cPickle.Unpickler",
        "dill.Unpickler", "pickle._Unpickler"}) {
      FACTORIES.put(q, UNPICKLER);
    }
    FACTORIES.put("transformers.pipeline", PIPELINE);
  }

  /** The type a call of {@code callee} (a qualified name or "type#method") produces, or null. */
  static String produces(String callee) {
    return FACTORIES.get(callee);
  }

  /** Names {@code from m import *} brings in that the rules care about. */
  private static final Map<String, Set<String>> STAR = Map.of(
      "pickle", Set.of("load", "loads", "Unpickler"),
      "dill", Set.of("load", "loads"),
      "cloudpickle", Set.of("load", "loads"),
      "joblib", Set.of("load"),
      "yaml", Set.of("load", "load_all", "unsafe_load", "full_load", "Loader", "UnsafeLoader"),
      "os", Set.of("system", "popen"),
      "subprocess", Set.of("run", "call", "check_call", "check_output", "Popen", "getoutput"),
      "torch", Set.of("load"),
      "jinja2", Set.of("Template", "Environment"));

  static boolean isStarExported(String module, String name) {
    Set<String> s = STAR.get(module);
    return s != null && s.contains(name);
  }

  /** Methods of any object that return bytes read from a socket or an IPC channel. */
  static final Set<String> RECV_METHODS = Set.of("recv", "recv_bytes", "recv_multipart",
      "recv_string", "recv_json", "recvfrom", "recvmsg", "recv_serialized");

  /** Members of an HTTP request (FastAPI/Starlette, aiohttp, Flask) that hold its body. */
  static final Set<String> REQUEST_BODY = Set.of("body", "json", "form", "read", "post", "text",
      "stream", "content", "data", "get_data", "get_json", "files", "values", "iter_chunked",
      "file");

  /** Members of an HTTP response holding what the server sent. */
  static final Set<String> RESPONSE_BODY = Set.of("content", "text", "json", "raw", "read",
      "iter_content", "aread", "iter_bytes");

  /** Methods whose result is text a language model generated. */
  static final Set<String> LLM_METHODS = Set.of("generate", "batch_decode", "invoke", "ainvoke",
      "generate_content", "chat_completion", "text_generation", "completion", "acompletion");
}
