package io.tarbox.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS key store from PEM files, as {@code openssl} and ACME clients write them: a certificate
 * chain ({@code CERTIFICATE} blocks) and an unencrypted PKCS#8 private key ({@code PRIVATE KEY}:
 * RSA, EC or Ed25519).
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private Pem() {}

    /** An in-memory key store holding the key under alias "tarbox" with {@code password}. */
    static KeyStore keyStore(Path certFile, Path keyFile, char[] password) {
        try {
            List<Certificate> chain = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(certFile, "CERTIFICATE")) {
                chain.add(cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no CERTIFICATE block in " + certFile);
            }
            List<byte[]> keys = blocks(keyFile, "PRIVATE KEY");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no 'PRIVATE KEY' (PKCS#8) block in " + keyFile
                        + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
            }
            PrivateKey key = null;
            for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
                try {
                    key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.get(0)));
                    break;
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next
                }
            }
            if (key == null) {
                throw new IllegalArgumentException(
                        "cannot read the private key in " + keyFile + " (RSA, EC or Ed25519 PKCS#8)");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tarbox", key, password, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid certificate or key: " + e.getMessage(), e);
        }
    }

    private static List<byte[]> blocks(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
