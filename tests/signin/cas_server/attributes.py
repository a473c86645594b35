def campus_attributes(user, service):
    """What a campus CAS server typically releases: 工号, 姓名, 部门."""
    return {"employeeNumber": user.get_username(), "cn": user.first_name, "department": user.last_name}
