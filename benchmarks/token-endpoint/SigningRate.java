import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical ceiling of the token endpoint: how many JWS signatures per second this JVM computes on the given
 * number of threads after a warm-up, and what verifying costs the resource servers for each algorithm. With
 * {@code -Dnative=true} and Amazon Corretto Crypto Provider's jar on the class path, that provider is put first,
 * as the auth-server does.
 *
 * Usage: java [-cp AmazonCorrettoCryptoProvider-*.jar -Dnative=true] SigningRate.java [threads] [warmupSeconds]
 *        [measureSeconds]
 */
public class SigningRate {

    interface Operation {

        void run() throws Exception;

    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int measure = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // about the size of a Portcullis access token's signing input (base64url header.claims)
        byte[] input = "e".repeat(420).getBytes(StandardCharsets.US_ASCII);
        if (Boolean.getBoolean("native")) {
            Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
            Provider provider = (Provider) accp.getField("INSTANCE").get(null);
            Object loadingError = accp.getMethod("getLoadingError").invoke(provider);
            if (loadingError != null) {
                // without its native library ACCP offers no algorithm: the JDK's figures would be printed under its
                // name
                System.out.println("ACCP's native library did not load: " + loadingError);
                System.exit(2);
            }
            Security.insertProviderAt(provider, 1);
        }
        System.out.printf("%s %s, %d threads, %d s warm-up, %d s measured, provider %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), threads, warmup, measure,
                Signature.getInstance("SHA256withRSA").getProvider().getName());
        measure("RS256", "SHA256withRSA", keys("RSA", null), input, threads, warmup, measure);
        measure("ES256", "SHA256withECDSA", keys("EC", new ECGenParameterSpec("secp256r1")), input, threads, warmup,
                measure);
    }

    static KeyPair keys(String type, ECGenParameterSpec curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
        if (curve != null) {
            generator.initialize(curve);
        }
        else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    static void measure(String name, String algorithm, KeyPair keys, byte[] input, int threads, int warmup,
            int seconds) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(keys.getPrivate());
        signer.update(input);
        byte[] signature = signer.sign();
        double signs = rate(threads, warmup, seconds, () -> {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(keys.getPrivate());
            s.update(input);
            s.sign();
        });
        double verifies = rate(threads, warmup, seconds, () -> {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(keys.getPublic());
            s.update(input);
            if (!s.verify(signature)) {
                throw new IllegalStateException("does not verify");
            }
        });
        System.out.printf("%s  sign %,9.0f /s   verify %,9.0f /s   (%s)%n", name, signs, verifies,
                signer.getProvider().getName());
    }

    static double rate(int threads, int warmup, int seconds, Operation operation) throws InterruptedException {
        LongAdder count = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long measureFrom = System.nanoTime() + warmup * 1_000_000_000L;
        long stop = measureFrom + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = Thread.ofPlatform().start(() -> {
                try {
                    for (long now = System.nanoTime(); now < stop; now = System.nanoTime()) {
                        operation.run();
                        if (now >= measureFrom) {
                            count.increment();
                        }
                    }
                }
                catch (Exception ex) {
                    failure.compareAndSet(null, ex);
                }
            });
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            // a rate of the threads that survived would be a wrong figure: fail the run instead
            throw new IllegalStateException("a worker failed", failure.get());
        }
        return count.sum() / (double) seconds;
    }

}
