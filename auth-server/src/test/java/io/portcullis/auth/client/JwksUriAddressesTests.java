package io.portcullis.auth.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class JwksUriAddressesTests {

    private final JwksUriAddresses strict = new JwksUriAddresses(false);

    private final JwksUriAddresses onPremise = new JwksUriAddresses(true);

    @ParameterizedTest
    @ValueSource(strings = { "169.254.169.254", "169.254.0.1", "fe80::1", "0.0.0.0", "::", "0.1.2.3", "224.0.0.1",
            "255.255.255.255", "ff02::1", "fd00:ec2::254", "100.100.100.200", "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe" })
    void isAllowedWhenLinkLocalMetadataUnspecifiedOrMulticastThenRefusedEvenOnPremise(String literal)
            throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(this.strict.isAllowed(address)).isFalse();
        assertThat(this.onPremise.isAllowed(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "100.64.0.1", "100.127.255.254", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1",
            "::ffff:127.0.0.1", "::127.0.0.1" })
    void isAllowedWhenLoopbackOrPrivateThenRefusedUnlessOnPremise(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(this.strict.isAllowed(address)).isFalse();
        assertThat(this.onPremise.isAllowed(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888" })
    void isAllowedWhenPublicThenAllowed(String literal) throws UnknownHostException {
        assertThat(this.strict.isAllowed(InetAddress.getByName(literal))).isTrue();
    }

    @Test
    void resolveWhenNameResolvesToLoopbackThenRefused() {
        assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> this.strict.resolve("localhost"));
    }

}
