package io.portcullis.auth.scope;

import org.springframework.data.repository.ListCrudRepository;

public interface ApiResourceRepository extends ListCrudRepository<ApiResource, String> {

}
