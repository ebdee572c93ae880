package io.portcullis.auth.system;

import io.portcullis.auth.AuthServerIntegrationTestSupport;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WorkerThreadsTests extends AuthServerIntegrationTestSupport {

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    void publicPortWhenNothingConfiguredThenFourThreadsPerCpu() {
        TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
        AbstractProtocol<?> protocol = (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();

        // the running executor's bound, not only the setting
        assertThat(protocol.getMaxThreads()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
        assertThat(protocol.getMinSpareThreads()).isLessThanOrEqualTo(protocol.getMaxThreads());
    }

    @Test
    void ofWhenEmptyOrAbsentThenFourPerCpu() {
        assertThat(WorkerThreads.of(null, 2).threads()).isEqualTo(8);
        assertThat(WorkerThreads.of(" ", 6).threads()).isEqualTo(24);
    }

    @Test
    void ofWhenConfiguredThenThatMany() {
        assertThat(WorkerThreads.of("200", 2).threads()).isEqualTo(200);
        assertThat(WorkerThreads.of(" 3 ", 2).threads()).isEqualTo(3);
    }

    @Test
    void ofWhenNotAPositiveNumberThenStartFailsNamingTheSetting() {
        for (String wrong : new String[] { "0", "-4", "eight", "1e3", "10001" }) {
            assertThatIllegalArgumentException().isThrownBy(() -> WorkerThreads.of(wrong, 2))
                .withMessageContaining("PORTCULLIS_AUTH_THREADS")
                .withMessageContaining("'" + wrong + "'");
        }
    }

}
