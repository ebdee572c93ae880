package io.portcullis.auth.key;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.portcullis.token.SigningAlgorithm;

/** How a signing key for each of the {@link SigningAlgorithm}s is generated. */
final class KeyPairs {

    private KeyPairs() {
    }

    /** A fresh key pair with a random key id, marked for signatures with {@code algorithm}. */
    static JWK generate(SigningAlgorithm algorithm) {
        String kid = UUID.randomUUID().toString();
        try {
            return switch (algorithm) {
                case ES256 -> ec(Curve.P_256, algorithm, kid);
                case ES384 -> ec(Curve.P_384, algorithm, kid);
                case ES512 -> ec(Curve.P_521, algorithm, kid);
                case RS256, RS384, RS512, PS256, PS384, PS512 -> new RSAKeyGenerator(2048).keyID(kid)
                    .algorithm(algorithm.jws())
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
            };
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not generate a " + algorithm + " key", ex);
        }
    }

    private static JWK ec(Curve curve, SigningAlgorithm algorithm, String kid) throws JOSEException {
        return new ECKeyGenerator(curve).keyID(kid).algorithm(algorithm.jws()).keyUse(KeyUse.SIGNATURE).generate();
    }

}
