package io.portcullis.users.user;

public enum UserStatus {

    ACTIVE, DISABLED

}
