package dev.netseg.operator.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for tests, made by the JDK's keytool and written as the PEM files of a
 * {@code kubernetes.io/tls} Secret ({@code tls.crt}, {@code tls.key}).
 */
final class TestCertificates {
  private static final char[] PASS = "changeit".toCharArray();

  private TestCertificates() {}

  /** The certificate, and the files it was written to. */
  record Pem(X509Certificate certificate, Path crt, Path key) {}

  /** The key types Kubernetes certificates come with (cert-manager issues both). */
  enum KeyType {
    RSA("-keyalg", "RSA", "-keysize", "2048"),
    EC("-keyalg", "EC", "-groupname", "secp256r1");

    private final List<String> options;

    KeyType(String... options) {
      this.options = List.of(options);
    }
  }

  /** A new key pair and certificate for {@code cn} (valid for 127.0.0.1), in {@code dir}. */
  static Pem generate(Path dir, String cn, KeyType type)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(dir);
    Path p12 = dir.resolve(cn + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(keytool.toString(), "-genkeypair", "-alias", "k"));
    command.addAll(type.options);
    command.addAll(
        List.of(
            "-dname",
            "CN=" + cn,
            "-validity",
            "2",
            "-ext",
            "SAN=ip:127.0.0.1,dns:localhost",
            "-storetype",
            "PKCS12",
            "-keystore",
            p12.toString(),
            "-storepass",
            new String(PASS),
            "-keypass",
            new String(PASS)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    } finally {
      process.destroy();
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASS);
    }
    X509Certificate certificate = (X509Certificate) store.getCertificate("k");
    Path crt = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Files.writeString(crt, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", store.getKey("k", PASS).getEncoded()));
    Files.delete(p12);
    return new Pem(certificate, crt, key);
  }

  /** A new RSA private key that belongs to no certificate, as a PEM file in {@code dir}. */
  static Path strayRsaKey(Path dir) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Path key = Files.createDirectories(dir).resolve("tls.key");
    Files.writeString(
        key, pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));
    return key;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
