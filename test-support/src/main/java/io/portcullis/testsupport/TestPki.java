package io.portcullis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests: one CA per name, one certificate per service, written as PEM files
 * the applications load through Spring Boot SSL bundles exactly as they load the local and production PKI.
 * FOR TESTS ONLY: keys are unencrypted and live under {@code target/}.
 */
public final class TestPki {

    private static final Map<String, TestPki> AUTHORITIES = new ConcurrentHashMap<>();

    private final Path directory;

    private final KeyPair caKeys;

    private final X509Certificate caCertificate;

    private final Map<String, Path> issued = new ConcurrentHashMap<>();

    private TestPki(String name) {
        try {
            this.directory = Files.createDirectories(Path.of("target", "test-pki", name).toAbsolutePath());
            this.caKeys = newKeyPair();
            X500Name subject = new X500Name("CN=Portcullis TEST ONLY CA " + name);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(),
                    notAfter(), subject, this.caKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(this.caKeys.getPublic()));
            this.caCertificate = sign(builder, this.caKeys.getPrivate());
            writePem(caFile(), this.caCertificate);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The platform CA of the tests. */
    public static TestPki platform() {
        return named("platform");
    }

    /** Another, unrelated CA: its certificates must be refused wherever the platform CA is required. */
    public static TestPki named(String name) {
        return AUTHORITIES.computeIfAbsent(name, TestPki::new);
    }

    public Path caFile() {
        return this.directory.resolve("ca.crt");
    }

    public Path certificateFile(String service) {
        return issue(service).resolve(service + ".crt");
    }

    public Path keyFile(String service) {
        return issue(service).resolve(service + ".key");
    }

    /** An SSL context that trusts this CA and presents {@code service}'s certificate when asked (mutual TLS). */
    public SSLContext sslContext(String service) {
        return sslContextTrusting(service, this);
    }

    /** Presents {@code service}'s certificate of this CA but trusts {@code trusted}: a stranger at the door. */
    public SSLContext sslContextTrusting(String service, TestPki trusted) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            Path dir = issue(service);
            keyStore.setKeyEntry(service, PemFiles.readPrivateKey(dir.resolve(service + ".key")), new char[0],
                    new java.security.cert.Certificate[] { PemFiles.readCertificate(dir.resolve(service + ".crt")) });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trusted.trustManagers(), null);
            return context;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * As {@link #sslContextTrusting}, but presents {@code service}'s certificate even when the server asks for
     * another CA's, as a hostile client would (the JDK's key manager quietly sends none then).
     */
    public SSLContext sslContextForcing(String service, TestPki trusted) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            Path dir = issue(service);
            keyStore.setKeyEntry(service, PemFiles.readPrivateKey(dir.resolve(service + ".key")), new char[0],
                    new java.security.cert.Certificate[] { PemFiles.readCertificate(dir.resolve(service + ".crt")) });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, new char[0]);
            javax.net.ssl.X509KeyManager keys = (javax.net.ssl.X509KeyManager) keyManagers.getKeyManagers()[0];
            javax.net.ssl.X509ExtendedKeyManager forcing = new javax.net.ssl.X509ExtendedKeyManager() {
                @Override
                public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                        javax.net.ssl.SSLEngine engine) {
                    return service;
                }

                @Override
                public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
                        java.net.Socket socket) {
                    return service;
                }

                @Override
                public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                    return new String[] { service };
                }

                @Override
                public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                    return keys.getServerAliases(keyType, issuers);
                }

                @Override
                public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
                        java.net.Socket socket) {
                    return keys.chooseServerAlias(keyType, issuers, socket);
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return keys.getCertificateChain(alias);
                }

                @Override
                public PrivateKey getPrivateKey(String alias) {
                    return keys.getPrivateKey(alias);
                }
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] { forcing }, trusted.trustManagers(), null);
            return context;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An SSL context that trusts this CA and presents no certificate. */
    public SSLContext trustOnlySslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(), null);
            return context;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws GeneralSecurityException {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("ca", this.caCertificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            return factory.getTrustManagers();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Issues a brand-new certificate and key for {@code service} into {@code directory} as
     * {@code <service>.crt} and {@code <service>.key}, replacing what is there: a certificate rotation.
     */
    public void rotate(String service, Path directory) {
        try {
            Path fresh = Files.createTempDirectory(this.directory, "rotation");
            write(service, fresh);
            Files.createDirectories(directory);
            for (String suffix : new String[] { ".key", ".crt" }) {
                Files.move(fresh.resolve(service + suffix), directory.resolve(service + suffix),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Path issue(String service) {
        return this.issued.computeIfAbsent(service, (name) -> {
            try {
                write(name, this.directory);
                return this.directory;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        });
    }

    private void write(String name, Path target) throws IOException, GeneralSecurityException {
        write(target, name, name, new GeneralName(GeneralName.dNSName, name),
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://portcullis/" + name));
    }

    /**
     * Issues, under {@code alias}, a certificate of this CA whose subject's common name is {@code commonName} but
     * whose subject alternative names are only {@code localhost}, {@code 127.0.0.1} and {@code alternativeNames}
     * (DNS names, or URIs when they contain {@code ://}): an impostor when the common name is another service's.
     * Use it as a service name afterwards ({@link #sslContext}, {@link #certificateFile}).
     */
    public TestPki issue(String alias, String commonName, String... alternativeNames) {
        this.issued.computeIfAbsent(alias, (name) -> {
            try {
                write(this.directory, name, commonName, Arrays.stream(alternativeNames)
                    .map((alternative) -> new GeneralName(alternative.contains("://")
                            ? GeneralName.uniformResourceIdentifier : GeneralName.dNSName, alternative))
                    .toArray(GeneralName[]::new));
                return this.directory;
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        });
        return this;
    }

    private void write(Path target, String name, String commonName, GeneralName... alternativeNames)
            throws IOException, GeneralSecurityException {
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(this.caCertificate, serial(),
                notBefore(), notAfter(), new X500Name("CN=" + commonName + ",O=Portcullis TEST ONLY"),
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        names.addAll(List.of(alternativeNames));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
        X509Certificate certificate = sign(builder, this.caKeys.getPrivate());
        writePem(target.resolve(name + ".crt"), certificate);
        writePem(target.resolve(name + ".key"), keys.getPrivate());
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        }
        catch (org.bouncycastle.operator.OperatorCreationException ex) {
            throw new GeneralSecurityException(ex);
        }
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, new SecureRandom());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }

}
