package dev.modelgate.server.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Requests written byte for byte, for paths no HTTP client would send as they are. */
final class RawHttp {
  private RawHttp() {}

  /** Sends {@code request} and returns the status code of the answer (-1: connection closed). */
  static int status(String baseUrl, String request) throws IOException {
    String answer = exchange(baseUrl, request, 30_000);
    if (!answer.startsWith("HTTP/1.1 ")) {
      return -1;
    }
    return Integer.parseInt(answer.substring(9, 12));
  }

  static String exchange(String baseUrl, String request, int readTimeoutMillis)
      throws IOException {
    URI u = URI.create(baseUrl);
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(readTimeoutMillis);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    try {
      int n;
      while ((n = in.read(b)) > 0) {
        out.write(b, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // what came so far
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  }
}
