/**
 * Tarbox as a Java library: open a store ({@link io.tarbox.embed.Tarbox#open}), pick a tenant
 * ({@link io.tarbox.embed.Tenant}), run a WASI module or component on its tree
 * ({@link io.tarbox.embed.Run}) and read the outcome ({@link io.tarbox.embed.RunResult}); take and
 * restore snapshots. The command line ({@code tarbox run}, {@code tarbox test}) runs programs
 * through the same {@link io.tarbox.wasi.WasiRun}; this package adds no command-line classes and
 * depends only on tarbox-core, tarbox-storage and tarbox-wasi. See docs/embedding.md.
 */
package io.tarbox.embed;
