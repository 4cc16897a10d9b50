package io.tarbox.wasi.module;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.wasm.Version;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled modules on disk, for Chicory's compiler: one file per module, named by the module's
 * SHA-256 inside a directory named by the Chicory version, so an upgrade never loads stale classes.
 * Files are published atomically, so concurrent runs never see half a file.
 *
 * <p>An entry {@link #find found} while decoding a module is kept in memory until Chicory's compiler
 * {@link #get gets} it, so that both see the same bytes: a module decoded for its cached classes
 * (without the bodies they run, {@link CompiledModuleDecoder}) must never be compiled from that
 * decoding, as it would be if the file went away in between. Use one instance for both.
 */
public final class ModuleCache implements Cache {
    private final Path directory;
    private final Map<String, byte[]> found = new ConcurrentHashMap<>();

    /** A cache under {@code root} (e.g. ~/.cache/tarbox/modules). */
    public ModuleCache(Path root) {
        this.directory = root.resolve("chicory-" + Version.version());
    }

    /** Where entries are stored. */
    public Path directory() {
        return directory;
    }

    /**
     * The key of a module's bytes, as Chicory's parser sets {@code WasmModule.digest()} (which the
     * compiler looks its classes up by): "sha-256:" and the Base64 of their SHA-256.
     */
    public static String key(byte[] module) {
        try {
            return "sha-256:"
                    + Base64.getEncoder()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(module));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * A compiled module in the cache.
     *
     * @param interpretedFunctions the functions its compiled code leaves to the interpreter (indices,
     *     imports counted); empty when the entry does not say
     */
    public record Entry(Optional<Set<Integer>> interpretedFunctions) {}

    /**
     * The compiled module stored under {@code key}, if any; kept for {@link #get}. An entry that
     * cannot be read as a compiled module is removed, so that the module is compiled (and stored)
     * again rather than fail to load.
     */
    public Optional<Entry> find(String key) throws IOException {
        byte[] jar;
        try {
            jar = Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Optional<Set<Integer>> interpreted;
        try {
            interpreted = InterpretedFunctions.of(jar);
        } catch (IOException e) {
            Files.deleteIfExists(file(key));
            return Optional.empty();
        }
        found.put(key, jar);
        return Optional.of(new Entry(interpreted));
    }

    @Override
    public byte[] get(String key) throws IOException {
        byte[] jar = found.remove(key);
        if (jar != null) {
            return jar;
        }
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Stores a module Chicory's compiler has just compiled, once its classes passed the JVM's
     * verifier ({@link ClassVerification}): what is stored is loaded later without verifying again.
     */
    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        // First, even if another run stored this module meanwhile: these are the classes this run
        // has just defined and will run.
        ClassVerification.ensureVerified(data);
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".tmp-", ".jar");
        try {
            Files.write(temp, data);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            // another run published it first
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** "sha-256:BASE64" becomes "sha-256-HEX.jar". */
    private Path file(String key) {
        int colon = key.indexOf(':');
        String algorithm = key.substring(0, colon).replaceAll("[^a-zA-Z0-9-]", "");
        byte[] digest = Base64.getDecoder().decode(key.substring(colon + 1));
        return directory.resolve(algorithm + "-" + HexFormat.of().formatHex(digest) + ".jar");
    }
}
