package dev.modelgate.policy;

import java.util.Map;

/**
 * Python 2 module and name fixing as {@code pickle}'s {@code fix_imports} does
 * ({@code _compat_pickle}), applied to every protocol so py2 spellings such as
 * {@code __builtin__.eval} or {@code copy_reg._reconstructor} are judged as what they load.
 */
public final class PyNames {
  private static final Map<String, String> MODULES = Map.ofEntries(
      Map.entry("__builtin__", "builtins"), Map.entry("exceptions", "builtins"),
      Map.entry("copy_reg", "copyreg"), Map.entry("cPickle", "pickle"),
      Map.entry("commands", "subprocess"), Map.entry("Queue", "queue"),
      Map.entry("SocketServer", "socketserver"), Map.entry("ConfigParser", "configparser"),
      Map.entry("repr", "reprlib"), Map.entry("_winreg", "winreg"), Map.entry("thread", "_thread"),
      Map.entry("dummy_thread", "_dummy_thread"), Map.entry("xmlrpclib", "xmlrpc.client"),
      Map.entry("SimpleXMLRPCServer", "xmlrpc.server"), Map.entry("httplib", "http.client"),
      Map.entry("Cookie", "http.cookies"), Map.entry("cookielib", "http.cookiejar"),
      Map.entry("BaseHTTPServer", "http.server"), Map.entry("SimpleHTTPServer", "http.server"),
      Map.entry("CGIHTTPServer", "http.server"), Map.entry("urlparse", "urllib.parse"),
      Map.entry("robotparser", "urllib.robotparser"), Map.entry("urllib2", "urllib.request"),
      Map.entry("anydbm", "dbm"), Map.entry("whichdb", "dbm"), Map.entry("_abcoll", "collections.abc"),
      Map.entry("UserDict", "collections"), Map.entry("UserList", "collections"),
      Map.entry("UserString", "collections"), Map.entry("StringIO", "io"),
      Map.entry("cStringIO", "io"), Map.entry("Tkinter", "tkinter"));

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("__builtin__.xrange", "builtins.range"),
      Map.entry("__builtin__.reduce", "functools.reduce"),
      Map.entry("__builtin__.intern", "sys.intern"),
      Map.entry("__builtin__.unichr", "builtins.chr"),
      Map.entry("__builtin__.unicode", "builtins.str"),
      Map.entry("__builtin__.long", "builtins.int"),
      Map.entry("__builtin__.basestring", "builtins.str"),
      Map.entry("__builtin__.execfile", "builtins.exec"),
      Map.entry("itertools.izip", "builtins.zip"), Map.entry("itertools.imap", "builtins.map"),
      Map.entry("itertools.ifilter", "builtins.filter"),
      Map.entry("exceptions.StandardError", "builtins.Exception"),
      Map.entry("UserDict.IterableUserDict", "collections.UserDict"),
      Map.entry("UserDict.UserDict", "collections.UserDict"));

  private PyNames() {}

  /** {@code {module, name}} after fixing; unchanged when no mapping applies. */
  public static String[] fix(String module, String name) {
    String n = NAMES.get(module + "." + name);
    if (n != null) {
      int dot = n.lastIndexOf('.');
      return new String[] {n.substring(0, dot), n.substring(dot + 1)};
    }
    String m = MODULES.get(module);
    return new String[] {m == null ? module : m, name};
  }
}
