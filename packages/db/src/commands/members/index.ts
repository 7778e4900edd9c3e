/** Staff members and member invitations (issue 13: Team). */
export {}
