package io.portcullis.auth.scope;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

public interface ApiResourceRepository extends ListCrudRepository<ApiResource, String> {

    Optional<ApiResource> findByName(String name);

}
