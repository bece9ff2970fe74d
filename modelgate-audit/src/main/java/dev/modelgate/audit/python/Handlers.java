package dev.modelgate.audit.python;

import java.util.Set;

/**
 * Web handlers: a function decorated as a FastAPI/Flask/aiohttp route gets its request
 * parameters typed, so reading the request body is a network source.
 */
final class Handlers {
  private Handlers() {}

  private static final Set<String> ROUTE_DECORATORS = Set.of("get", "post", "put", "patch",
      "delete", "route", "api_route", "websocket", "view");
  static void markHandler(Node def, Node decorated, FileAudit file) {
    for (Node d : decorated.children) {
      if (!d.is("decorator")) {
        continue;
      }
      Node e = d.firstNamed();
      Node fn = e != null && e.is("call") ? e.field("function") : e;
      if (fn != null && fn.is("attribute")) {
        Node attr = fn.field("attribute");
        if (attr != null && ROUTE_DECORATORS.contains(attr.text())) {
          file.handlers.add(def);
          return;
        }
      }
    }
  }

  /** Binds a function's parameters in its (current) scope: typed for route handlers. */
  static void bindParameters(Node def, Resolver r, FileAudit file) {
    boolean handler = file.handlers.remove(def);
    Node params = def.field("parameters");
    if (params == null) {
      return;
    }
    for (Node p : params.named()) {
      Node name = p.is("identifier") ? p : p.field("name");
      if (name == null && p.firstNamed() != null && p.firstNamed().is("identifier")) {
        name = p.firstNamed();
      }
      if (name == null || !name.is("identifier")) {
        continue;
      }
      Value v = Value.UNKNOWN;
      Taint t = Taint.NONE;
      if (handler) {
        Node type = p.field("type");
        String ty = type == null ? "" : type.text();
        Node def0 = p.field("value");
        String dv = def0 == null ? "" : def0.text();
        if (ty.endsWith("Request") || (ty.isEmpty() && name.text().equals("request"))) {
          v = new Value.Obj(Types.HTTP_REQUEST);
        } else if (ty.contains("UploadFile")) {
          v = new Value.Obj(Types.HTTP_UPLOAD);
        } else if (ty.equals("bytes") || ty.equals("str") || dv.startsWith("File(")
            || dv.startsWith("Body(") || dv.startsWith("Form(")) {
          t = new Taint(Taint.NETWORK, "request parameter " + name.text(), p.line());
        }
      }
      r.scope.bind(name.text(), v, t);
    }
  }
}
