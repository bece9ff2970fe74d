package dev.modelgate.audit.python;

/** Where tainted values come from: socket/IPC reads, HTTP bodies, downloads, model output. */
final class Sources {
  private Sources() {}

  /** The taint a call introduces by itself (not through its arguments). */
  static Taint call(Resolver r, Node callNode) {
    Node fn = callNode.field("function");
    if (fn == null) {
      return Taint.NONE;
    }
    String callee = r.calleeName(fn);
    Call c = new Call(callNode, callee, fn);
    String m = c.simpleName;
    int line = callNode.line();
    String shown = clip(fn.text()) + "(...)";
    if (c.receiver != null) {
      Value recv = r.value(c.receiver);
      String type = recv instanceof Value.Obj o ? o.type() : null;
      if (Types.RECV_METHODS.contains(m)) {
        return new Taint(Taint.NETWORK, shown, line);
      }
      if ((Types.HTTP_REQUEST.equals(type) || Types.HTTP_UPLOAD.equals(type)
          || "flask.request".equals(Value.refName(recv)))
          && Types.REQUEST_BODY.contains(m)) {
        return new Taint(Taint.NETWORK, shown, line);
      }
      if (Types.HTTP_RESPONSE.equals(type) && Types.RESPONSE_BODY.contains(m)) {
        return new Taint(Taint.NETWORK, shown, line);
      }
      if (Types.LLM_METHODS.contains(m)) {
        return new Taint(Taint.LLM, shown, line);
      }
      String recvText = c.receiver.text().toLowerCase(java.util.Locale.ROOT);
      if (m.equals("decode") && (recvText.contains("tokenizer") || recvText.contains("processor"))) {
        return new Taint(Taint.LLM, shown, line);
      }
      if (m.equals("create") && (recvText.endsWith("completions") || recvText.endsWith("messages")
          || recvText.endsWith("responses"))) {
        return new Taint(Taint.LLM, shown, line);
      }
      if (m.equals("get") && !c.positional.isEmpty()) {
        String key = r.string(c.positional.get(0));
        if (key != null && key.contains("chat_template")) {
          return new Taint(Taint.TEMPLATE, shown, line);
        }
      }
    }
    if (callee != null && callee.equals("urllib.request.urlopen")) {
      return new Taint(Taint.NETWORK, shown, line);
    }
    // calling a transformers pipeline object generates text
    if (r.value(fn) instanceof Value.Obj o && o.type().equals(Types.PIPELINE)) {
      return new Taint(Taint.LLM, shown, line);
    }
    return Taint.NONE;
  }

  /** The taint reading attribute {@code name} of {@code obj} introduces. */
  static Taint member(Value obj, String name, Node at) {
    String type = obj instanceof Value.Obj o ? o.type() : null;
    if (Types.HTTP_RESPONSE.equals(type) && Types.RESPONSE_BODY.contains(name)) {
      return new Taint(Taint.NETWORK, clip(at.text()), at.line());
    }
    if ((Types.HTTP_REQUEST.equals(type) || "flask.request".equals(Value.refName(obj)))
        && Types.REQUEST_BODY.contains(name)) {
      return new Taint(Taint.NETWORK, clip(at.text()), at.line());
    }
    return Taint.NONE;
  }

  static String clip(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }
}
