package slacktest

import "time"

// AgeTrigger makes the trigger id as old as age, so a test sees it expire
// without waiting Slack's 3 s.
func (s *Server) AgeTrigger(id string, age time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.modals.triggers[id]; t != nil {
		t.at = time.Now().Add(-age)
	}
}
