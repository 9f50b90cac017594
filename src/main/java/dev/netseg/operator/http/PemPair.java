package dev.netseg.operator.http;

import io.fabric8.kubernetes.client.internal.CertUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;

/**
 * A PEM certificate chain and its private key as read from their files (a mounted {@code
 * kubernetes.io/tls} Secret's {@code tls.crt} and {@code tls.key}), and the in-memory KeyStore they
 * make. Every problem is an {@link EndpointStartException} whose message names the option and the
 * file.
 */
final class PemPair {
  private final byte[] certificate;
  private final byte[] privateKey;

  private PemPair(byte[] certificate, byte[] privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  static PemPair read(HttpEndpoints.Tls tls) {
    return new PemPair(
        read(tls.certificate(), tls.certificateOption()), read(tls.privateKey(), tls.keyOption()));
  }

  private static byte[] read(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new EndpointStartException("cannot read " + option + " " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new EndpointStartException(
          "cannot read " + option + " " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new EndpointStartException("cannot read " + option + " " + file + ": " + e, e);
    }
  }

  /** Whether both files hold the same bytes as {@code other}'s. */
  boolean sameAs(PemPair other) {
    return other != null
        && Arrays.equals(certificate, other.certificate)
        && Arrays.equals(privateKey, other.privateKey);
  }

  /**
   * The certificate chain and key as a KeyStore whose key entry is protected by {@code password},
   * once it is checked that the key belongs to the first certificate (a Secret caught between two
   * versions would otherwise serve a pair that fails every handshake). RSA and EC keys, PKCS#1, SEC
   * 1 or PKCS#8.
   */
  KeyStore keyStore(HttpEndpoints.Tls tls, char[] password) {
    String what =
        tls.certificateOption()
            + " "
            + tls.certificate()
            + " and "
            + tls.keyOption()
            + " "
            + tls.privateKey();
    X509Certificate leaf;
    try {
      Collection<? extends Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(certificate));
      if (chain.isEmpty()) {
        throw new EndpointStartException(
            "cannot load " + what + ": no PEM certificate in " + tls.certificate(), null);
      }
      leaf = (X509Certificate) chain.iterator().next();
    } catch (GeneralSecurityException e) {
      throw new EndpointStartException(
          "cannot load " + what + ": not a PEM certificate: " + e.getMessage(), e);
    }
    String algorithm = leaf.getPublicKey().getAlgorithm();
    KeyStore keyStore;
    try {
      keyStore =
          CertUtils.createKeyStore(
              new ByteArrayInputStream(certificate),
              new ByteArrayInputStream(privateKey),
              algorithm,
              password,
              null,
              password);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new EndpointStartException(
          "cannot load " + what + ": not a PEM " + algorithm + " private key: " + e, e);
    }
    try {
      String alias = keyStore.getCertificateAlias(leaf);
      if (!matches((PrivateKey) keyStore.getKey(alias, password), leaf)) {
        throw new EndpointStartException(
            "cannot load " + what + ": the key does not belong to the certificate", null);
      }
    } catch (GeneralSecurityException e) {
      throw new EndpointStartException("cannot load " + what + ": " + e, e);
    }
    return keyStore;
  }

  /** Signs a few bytes with the key and checks them with the certificate's public key. */
  private static boolean matches(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> null;
        };
    if (algorithm == null) {
      return true; // nothing to check it with; a mismatch shows in the handshake
    }
    byte[] probe = "netseg".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
