package app.lumen.download.internal;

/** A file that is in place with the given size and SHA-256. */
public record VerifiedFile(String name, long size, String sha256) {}
