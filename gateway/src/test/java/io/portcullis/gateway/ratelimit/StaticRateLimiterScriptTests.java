package io.portcullis.gateway.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scripting.support.ResourceScriptSource;

import static org.assertj.core.api.Assertions.assertThat;

class StaticRateLimiterScriptTests {

    private final StaticRateLimiterScript processor = new StaticRateLimiterScript();

    @Test
    void postProcessWhenTheGatewaysScriptThenSameTextAndDigestHeldInMemory() {
        DefaultRedisScript<List> fromResource = new DefaultRedisScript<>();
        fromResource.setScriptSource(new ResourceScriptSource(new ByteArrayResource("return {1, 2}".getBytes())));
        fromResource.setResultType(List.class);

        Object replaced = this.processor.postProcessAfterInitialization(fromResource,
                StaticRateLimiterScript.BEAN_NAME);

        assertThat(replaced).isNotSameAs(fromResource).isInstanceOf(RedisScript.class);
        RedisScript<?> script = (RedisScript<?>) replaced;
        assertThat(script.getScriptAsString()).isEqualTo("return {1, 2}");
        assertThat(script.getSha1()).isEqualTo(fromResource.getSha1());
        assertThat(script.getResultType()).isEqualTo(List.class);
    }

    @Test
    void postProcessWhenAnyOtherBeanThenUntouched() {
        DefaultRedisScript<List> other = new DefaultRedisScript<>("return 1", List.class);

        assertThat(this.processor.postProcessAfterInitialization(other, "someOtherScript")).isSameAs(other);
    }

}
