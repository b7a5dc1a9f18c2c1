// The switches of an emergency policy (GET /emergency-policy): yes/no measures
// and multipliers, where a factor of 1 means "as in normal times".
export const POLICY_FLAGS = ['checkin_required', 'epidemic_duty_roster', 'no_disconnection_for_arrears']
export const POLICY_FACTORS = ['sampling_frequency_factor', 'priority_repair_sla_factor']
// Counts a level sets at least (0: the normal plan applies).
export const POLICY_COUNTS = ['disinfection_rounds_per_day']
