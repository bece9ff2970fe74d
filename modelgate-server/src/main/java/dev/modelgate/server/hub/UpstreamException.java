package dev.modelgate.server.hub;

import java.io.IOException;

/**
 * The upstream could not give an answer: unreachable, timed out, a 5xx, or a redirect to a host
 * that the config does not allow. Cached answers are used instead when there are any.
 */
final class UpstreamException extends IOException {
  private final boolean refusedRedirect;

  UpstreamException(String message, boolean refusedRedirect) {
    super(message);
    this.refusedRedirect = refusedRedirect;
  }

  UpstreamException(String message, Throwable cause) {
    super(message, cause);
    this.refusedRedirect = false;
  }

  boolean refusedRedirect() {
    return refusedRedirect;
  }
}
