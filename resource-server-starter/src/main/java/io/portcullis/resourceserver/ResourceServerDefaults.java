package io.portcullis.resourceserver;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring Boot defaults the starter changes, as a property source after the configuration files, profiles,
 * environment variables and command line, so that a service sets them back there (not through
 * {@code SpringApplication.setDefaultProperties} or a {@code @PropertySource} file, which come after it).
 * <p>
 * Boot's {@code FormContentFilter} (on by default) reads the whole body of every PUT, PATCH and DELETE with a form
 * content type into memory and parses it, ahead of Spring Security and of {@code max-body-size}: an unauthenticated
 * request could have a body of any size read, and a malformed one failed before authentication. The platform's APIs
 * take JSON; a service that wants form bodies on those methods turns it back on.
 */
final class ResourceServerDefaults implements EnvironmentPostProcessor {

    static final String NAME = "portcullisResourceServerDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources()
            .addLast(new MapPropertySource(NAME, Map.of("spring.mvc.formcontent.filter.enabled", "false")));
    }

}
