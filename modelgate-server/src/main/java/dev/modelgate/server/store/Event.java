package dev.modelgate.server.store;

/**
 * One row of the audit log.
 *
 * @param kind {@code download}, {@code refused}, {@code fetch}, {@code scan}, {@code convert},
 *     {@code decision}, {@code revoke}, {@code token}
 * @param client the client's address
 * @param tokenName the name of the token the client used, or null
 * @param findings JSON array of findings (modelgate.scan/v1), or null
 * @param reason why it was refused (or released), or null
 * @param status HTTP status answered, or null
 */
@SuppressWarnings("InvalidParam") // the {@code} words under kind are its values, not parameters
public record Event(long id, long at, String kind, String client, String tokenName, String repo,
    String revision, String commit, String path, String sha256, Long size, String format,
    String verdict, boolean blocked, String reason, String findings, Integer status,
    String detail) {

  public static Builder of(String kind) {
    return new Builder(kind);
  }

  /** Builds an event field by field; unset fields are null. */
  public static final class Builder {
    private final String kind;
    private String client;
    private String tokenName;
    private String repo;
    private String revision;
    private String commit;
    private String path;
    private String sha256;
    private Long size;
    private String format;
    private String verdict;
    private boolean blocked;
    private String reason;
    private String findings;
    private Integer status;
    private String detail;

    private Builder(String kind) {
      this.kind = kind;
    }

    public Builder client(String c, String token) {
      this.client = c;
      this.tokenName = token;
      return this;
    }

    public Builder file(String repo, String revision, String commit, String path) {
      this.repo = repo;
      this.revision = revision;
      this.commit = commit;
      this.path = path;
      return this;
    }

    public Builder blob(String sha256, Long size, String format) {
      this.sha256 = sha256;
      this.size = size;
      this.format = format;
      return this;
    }

    public Builder verdict(String verdict, boolean blocked, String reason, String findings) {
      this.verdict = verdict;
      this.blocked = blocked;
      this.reason = reason;
      this.findings = findings;
      return this;
    }

    public Builder status(int status) {
      this.status = status;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    public Event build() {
      return new Event(0, System.currentTimeMillis(), kind, client, tokenName, repo, revision,
          commit, path, sha256, size, format, verdict, blocked, reason, findings, status, detail);
    }
  }
}
