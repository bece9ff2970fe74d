package dev.modelgate.server.http;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (a malformed request line, a header too large, an ambiguous URI)
 * as the same small JSON the routes use, with no stack traces and nothing echoed from the request.
 */
final class JsonErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
    String body = "{\"error\":" + Text.json(reason == null ? "error " + status : reason) + "}\n";
    response.getHeaders().put("Content-Type", "application/json;charset=utf-8");
    response.getHeaders().put("X-Error-Message", Text.header(reason == null ? "" : reason, 200));
    response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)),
        callback);
    return true;
  }
}
