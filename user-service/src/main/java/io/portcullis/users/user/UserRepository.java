package io.portcullis.users.user;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface UserRepository extends ListCrudRepository<User, UUID> {

    @Query("""
            SELECT * FROM users
            WHERE (CAST(:email AS text) IS NULL OR lower(email) = lower(CAST(:email AS text)))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            ORDER BY created_at, id
            LIMIT :limit OFFSET :offset""")
    List<User> search(String email, String status, int limit, long offset);

    @Query("""
            SELECT count(*) FROM users
            WHERE (CAST(:email AS text) IS NULL OR lower(email) = lower(CAST(:email AS text)))
              AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))""")
    long countMatching(String email, String status);

}
