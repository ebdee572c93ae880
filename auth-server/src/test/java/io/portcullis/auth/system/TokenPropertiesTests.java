package io.portcullis.auth.system;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenPropertiesTests {

    @Test
    void bindWhenIssuerHasTrailingSlashThenIssuerWithoutIt() {
        assertThat(bind("https://auth.portcullis.test/").issuer()).hasToString("https://auth.portcullis.test");
    }

    @Test
    void bindWhenIssuerHasFragmentThenStartupRefusedNamingTheRule() {
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind("https://auth.portcullis.test#x"))
            .havingRootCause()
            .withMessage("portcullis.token.issuer must be an absolute https or http URL without query or fragment "
                    + "(was 'https://auth.portcullis.test#x')");
    }

    private static TokenProperties bind(String issuer) {
        return new Binder(new MapConfigurationPropertySource(Map.of("portcullis.token.issuer", issuer)))
            .bind("portcullis.token", Bindable.of(TokenProperties.class))
            .get();
    }

}
