/** Who is acting: every staff command is scoped to the actor's organization. */
export interface StaffActor {
  userId: string
  orgId: string
}
