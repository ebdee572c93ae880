package io.portcullis.token;

import java.util.Arrays;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;

/**
 * The JWS algorithms of Portcullis, the one list that every part uses: the auth-server's keys, its metadata, the
 * client assertions it accepts, its own decoders, and the {@code algorithms} a consumer may accept. Asymmetric
 * only: {@code none} and HMAC are never accepted.
 */
public enum SigningAlgorithm {

    RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512;

    /** Every name, in declaration order, as documents and error messages list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(Enum::name).toList();

    public JWSAlgorithm jws() {
        return JWSAlgorithm.parse(name());
    }

    public SignatureAlgorithm signature() {
        return SignatureAlgorithm.from(name());
    }

    /** Whether {@code name} (exactly, case included) is one of these algorithms. */
    public static boolean isName(String name) {
        return NAMES.contains(name);
    }

}
