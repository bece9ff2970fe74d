/**
 * What a team decided about earlier findings, applied to a scan: ignore entries with reasons
 * ({@code .modelgateignore}, {@code modelgate.toml}) mark findings as suppressed, a baseline (a
 * previous {@code modelgate.scan/v1} report) leaves out findings already known, and verdicts are
 * recomputed from what still counts. Depends on the root API and the rules, never the other way.
 */
package dev.modelgate.triage;
