package io.portcullis.auth.key;

import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** The JWS algorithms Portcullis signs with, and how a key for each is generated. */
public enum SigningAlgorithm {

    RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384;

    public JWSAlgorithm jws() {
        return JWSAlgorithm.parse(name());
    }

    /** A fresh key pair with a random key id, marked for signatures with this algorithm. */
    JWK generate() {
        String kid = UUID.randomUUID().toString();
        try {
            return switch (this) {
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(jws()).keyUse(KeyUse.SIGNATURE)
                    .generate();
                case ES384 -> new ECKeyGenerator(Curve.P_384).keyID(kid).algorithm(jws()).keyUse(KeyUse.SIGNATURE)
                    .generate();
                default -> new RSAKeyGenerator(2048).keyID(kid).algorithm(jws()).keyUse(KeyUse.SIGNATURE).generate();
            };
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("Could not generate a " + this + " key", ex);
        }
    }

}
