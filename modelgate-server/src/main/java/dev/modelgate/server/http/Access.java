package dev.modelgate.server.http;

/** Who may call a route. */
public enum Access {
  /** Anyone (health, metrics when open, the dashboard's sign-in page). */
  OPEN,
  /** Hub proxy reads: open, or a read token, as the config's {@code access.proxy} says. */
  PROXY,
  /** A token with the read role. */
  READ,
  /** A token with the upload role (scan and convert). */
  UPLOAD,
  /** A token with the admin role. */
  ADMIN
}
